package dev.shipshape.image;

/**
 * What Dockerfile checks read: the Dockerfile, and what the build context says about it.
 *
 * @param dockerfile the parsed Dockerfile
 * @param dockerignore the {@code .dockerignore} of its build context, or null when the context has none
 * @param contextKnown whether the build context could be looked at (not for a Dockerfile read from standard input)
 */
public record DockerfileInput(Dockerfile dockerfile, String dockerignore, boolean contextKnown) {
}
