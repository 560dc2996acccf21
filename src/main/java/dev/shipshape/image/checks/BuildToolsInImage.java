package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.Set;

/** The stages the final image is built from install no compilers or build tools: they belong in a build stage. */
public final class BuildToolsInImage extends ImageOnlyCheck {

    private static final Set<String> BUILD_TOOLS = Set.of("gcc", "g++", "clang", "make", "cmake", "build-essential",
            "build-base", "gcc-c++", "golang", "go", "maven", "gradle", "cargo", "rustc", "openjdk-17-jdk",
            "openjdk-21-jdk", "default-jdk", "autoconf", "automake", "libtool", "musl-dev", "libc6-dev");
    private static final Set<String> INSTALL_VERBS = Set.of("install", "add");

    public BuildToolsInImage() {
        super("dockerfile-build-tools", "Build tools in the final image", Category.SUPPLY_CHAIN, Severity.MEDIUM,
                "Compilers and build tools in the image that ships widen its attack surface (an intruder can build "
                        + "exploits in place) and its vulnerability reports, and make it larger.",
                "Build in a stage of its own (FROM ... AS build) and COPY --from=build only the artefacts into a "
                        + "slim final stage.",
                "RUN");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile dockerfile = input.dockerfile();
        for (PackageInstalls.Installed installed : PackageInstalls.inFinalImage(dockerfile)) {
            if (!INSTALL_VERBS.contains(installed.call().verb())) {
                continue;
            }
            for (String name : installed.call().packages()) {
                String plain = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
                if (BUILD_TOOLS.contains(plain)) {
                    findings.at(installed.run(), DockerfileCheck.describe(dockerfile, installed.stage())
                            + " installs the build tool " + plain + " into the image that ships; build in a stage "
                            + "of its own");
                }
            }
        }
    }
}
