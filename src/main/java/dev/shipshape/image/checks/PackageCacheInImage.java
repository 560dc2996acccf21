package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

/**
 * Packages are installed lean in the stages the final image is built from: {@code apt-get install} with
 * {@code --no-install-recommends} and the package lists removed in the same {@code RUN}; {@code apk add} with
 * {@code --no-cache}; yum and dnf followed by {@code clean all}.
 */
public final class PackageCacheInImage extends ImageOnlyCheck {

    public PackageCacheInImage() {
        super("dockerfile-package-cache", "Package caches and recommended packages", Category.SUPPLY_CHAIN,
                Severity.LOW,
                "Recommended packages and package caches left in a layer add software nobody chose, and "
                        + "vulnerabilities and size with it.",
                "apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/* in one RUN; "
                        + "apk add --no-cache; yum/dnf install ... && yum/dnf clean all.",
                "RUN");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile dockerfile = input.dockerfile();
        for (PackageInstalls.Installed installed : PackageInstalls.inFinalImage(dockerfile)) {
            Dockerfile.Instruction run = installed.run();
            PackageInstalls.Call call = installed.call();
            String command = run.command();
            boolean cacheMount = run.flags().stream().anyMatch(flag -> flag.name().equals("mount")
                    && flag.value().contains("type=cache"));
            String where = DockerfileCheck.describe(dockerfile, installed.stage());
            if (call.manager().startsWith("apt") && call.verb().equals("install")) {
                if (!call.options().contains("--no-install-recommends")) {
                    findings.at(run, where + " runs " + call.manager() + " install without --no-install-recommends");
                }
                if (!cacheMount && !command.contains("/var/lib/apt/lists")) {
                    findings.at(run, where + " leaves apt's package lists in the layer; rm -rf "
                            + "/var/lib/apt/lists/* in the same RUN");
                }
            } else if (call.manager().equals("apk") && call.verb().equals("add") && !cacheMount
                    && !call.options().contains("--no-cache")) {
                findings.at(run, where + " runs apk add without --no-cache");
            } else if ((call.manager().equals("yum") || call.manager().endsWith("dnf"))
                    && call.verb().equals("install") && !cacheMount && !command.contains(" clean all")) {
                findings.at(run, where + " leaves " + call.manager() + "'s cache in the layer; "
                        + call.manager() + " clean all in the same RUN");
            }
        }
    }
}
