# Shipshape — every developer and CI task. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= ./mvnw -B
APP := target/quarkus-app/quarkus-run.jar
MAIN_SOURCES := pom.xml $(shell find src/main -type f)
JMH_ARGS ?= -f 1 -wi 5 -w 1s -i 5 -r 1s
LOAD_ARGS ?=
AUDIT_ARGS ?=
CLI_BENCH_ARGS ?=
FUZZ_SECONDS ?= 300
BUILD_DIR ?= target
APISERVER_ARGS ?=
SOAK_ARGS ?=
SHIPPED_JVM_OPTIONS := -XX:+UseSerialGC -Xmx112m -Xmn16m -XX:TieredStopAtLevel=1 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError

.PHONY: help build test test-tools control-plane chart-tools chart scan demo demo-stop crds docs bench bench-engine bench-webhook bench-apiserver bench-audit bench-cli cli-dist soak fuzz verify clean

help: ## List the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## Compile and package the operator (target/quarkus-app) and the CLI (target/shipshape-cli.jar, bin/shipshape)
	$(MVN) -DskipTests package
	SHIPSHAPE_CDS=record bin/shipshape

$(APP): $(MAIN_SOURCES)
	$(MVN) -q -DskipTests package
	SHIPSHAPE_CDS=record bin/shipshape

test: control-plane test-tools ## Run every test: unit tests, generated-artifact freshness, integration tests
	$(MVN) verify

test-tools: ## Install what the tests need from Debian (chromium, for the HTML report) once
	@scripts/test-tools.sh

control-plane: ## Build the local Kubernetes 1.20 API server, controller manager, etcd and kubectl once (in $SHIPSHAPE_CACHE, default $HOME/.cache/shipshape)
	@scripts/kube-binaries.sh >/dev/null

chart-tools: ## Fetch helm and kubectl (with kustomize) once into $SHIPSHAPE_CACHE/tools (default $HOME/.cache/shipshape/tools)
	@scripts/chart-tools.sh >/dev/null

chart: chart-tools ## Lint the Helm chart and render it and the kustomize install (to target/rendered)
	@tools=$$(scripts/chart-tools.sh) && mkdir -p target/rendered && \
	  $$tools/helm/helm lint --strict helm/shipshape && \
	  $$tools/helm/helm template shipshape helm/shipshape -n shipshape-system --include-crds > target/rendered/chart.yaml && \
	  $$tools/kubectl/kubectl kustomize deploy/install > target/rendered/kustomize.yaml && \
	  echo "rendered: target/rendered/chart.yaml target/rendered/kustomize.yaml"

scan: $(APP) ## Scan the sample manifests in deploy/samples/workloads and print the findings
	@bin/shipshape scan deploy/samples/workloads; status=$$?; \
	  if [ $$status -eq 1 ]; then echo "(exit 1: the deliberately bad sample has findings, as intended)"; exit 0; fi; \
	  exit $$status

demo: $(APP) control-plane ## Start a local control plane (with controllers) and the operator, apply the sample policy, try the samples
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	scripts/demo.sh

demo-stop: ## Stop what make demo started
	scripts/demo.sh stop

crds: ## Regenerate crds/ (and its copies in deploy/install and helm/shipshape) from the CRD classes
	$(MVN) -q test-compile exec:java -Dexec.mainClass=dev.shipshape.api.v1alpha1.CrdGeneration -Dexec.classpathScope=test

docs: $(APP) ## Regenerate docs/checks.md and deploy/admission-policies/ from the check catalogue
	bin/shipshape checks --format markdown > docs/checks.md
	for profile in baseline restricted hardened; do \
	  bin/shipshape export admission-policy --profile $$profile > deploy/admission-policies/$$profile.yaml 2>/dev/null; \
	done

bench: bench-engine bench-webhook bench-apiserver bench-audit bench-cli ## Run every benchmark (not part of the tests); figures go to docs/benchmarks.md

bench-cli: $(APP) ## Scan 5,000 generated Deployments in every report format: wall time, peak RSS, report size (CLI_BENCH_ARGS)
	scripts/cli-bench.sh $(CLI_BENCH_ARGS)

cli-dist: $(APP) ## Pack the CLI's release archive (launcher, kubectl plugin, jar) into target/dist
	scripts/cli-dist.sh

bench-engine: ## JMH benchmark of the check engine (JMH_ARGS sets forks, iterations, ...)
	$(MVN) -q -DskipTests test-compile
	$(MVN) -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
	java -cp target/test-classes:target/classes:$$(cat target/bench.classpath) org.openjdk.jmh.Main $(JMH_ARGS) dev.shipshape.bench

bench-webhook: $(APP) control-plane ## Load the admission webhook over loopback HTTPS (LOAD_ARGS, e.g. --rates 1000,5000)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	scripts/webhook-bench.sh $(LOAD_ARGS)

soak: $(APP) control-plane ## 10 minutes of reviews at 1,000/s with the shipped JVM options: errors, latency, RSS over time (SOAK_ARGS)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	SHIPSHAPE_OPERATOR_OPTS="$(SHIPPED_JVM_OPTIONS)" scripts/webhook-bench.sh --scenarios enforce-violating \
	  --skip-saturation --rates 1000 --repeat 1 --jit-warmup 15 --warmup 30 --duration 600 --rss-every 10 \
	  --report target/soak.md $(SOAK_ARGS)

bench-apiserver: $(APP) control-plane ## Pod CREATE latency through kube-apiserver with and without the webhook (APISERVER_ARGS)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	java -cp "target/test-classes:target/classes:$$(cat target/demo.classpath)" dev.shipshape.bench.PodCreateLatency \
	  --report target/pod-create-latency.md $(APISERVER_ARGS)

bench-audit: $(APP) control-plane ## Audit 10,000 Deployments in the local API server; CPU and memory (AUDIT_ARGS)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	java -cp "target/test-classes:target/classes:$$(cat target/demo.classpath)" dev.shipshape.bench.AuditScale \
	  --report target/audit-scale.md $(AUDIT_ARGS)

fuzz: ## Fuzz the webhook, policy compiler and CLI with generated bad input for FUZZ_SECONDS (300); failures to BUILD_DIR/fuzz
	$(MVN) -q -DbuildDirectory=$(BUILD_DIR) -DskipTests test-compile dependency:build-classpath \
	  -Dmdep.includeScope=test -Dmdep.outputFile=$(BUILD_DIR)/fuzz.classpath
	java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp "$(BUILD_DIR)/test-classes:$(BUILD_DIR)/classes:$$(cat $(BUILD_DIR)/fuzz.classpath)" \
	  dev.shipshape.badinput.BadInputFuzz --seconds $(FUZZ_SECONDS) --out $(BUILD_DIR)/fuzz

verify: crds docs test ## Regenerate crds/ and docs, fail if they differ from git, run every test
	git diff --exit-code -- crds deploy/install/crds helm/shipshape/crds helm/shipshape/files docs/checks.md deploy/admission-policies

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf target-*
