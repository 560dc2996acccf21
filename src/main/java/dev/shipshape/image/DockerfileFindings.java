package dev.shipshape.image;

/** Where Dockerfile checks report: at an instruction, with a one-line message naming the stage. */
public interface DockerfileFindings {

    /** A finding at {@code instruction}; a stage's {@code FROM} for what the stage lacks. */
    void at(Dockerfile.Instruction instruction, String message);
}
