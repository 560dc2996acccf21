package dev.shipshape.audit;

import dev.shipshape.webhook.NamespaceCache;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The leader's audit of existing workloads: the {@link Audit} fed by {@link WorkloadEventSource}, its timing
 * metrics, and the Kubernetes Events on workloads that newly violate a policy. Events go out from one thread at
 * most {@value #EVENTS_PER_SECOND} a second (bursts of {@value #EVENT_BURST}); when more are waiting than
 * {@value #EVENT_QUEUE} the newest are dropped. Event names are derived from the violation, so a violation is
 * never reported twice, not even by the next leader.
 */
@ApplicationScoped
public class AuditService {

    static final int EVENTS_PER_SECOND = 5;
    static final int EVENT_BURST = 20;
    static final int EVENT_QUEUE = 1000;

    private static final Logger LOG = Logger.getLogger(AuditService.class);

    private final KubernetesClient client;
    private final AuditMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final Audit audit;
    private final TokenBucket eventBudget = new TokenBucket(EVENTS_PER_SECOND, EVENT_BURST, System::nanoTime);
    private final ThreadPoolExecutor events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(EVENT_QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "shipshape-events");
                thread.setDaemon(true);
                return thread;
            });
    private final String reportingInstance = Optional.ofNullable(System.getenv("POD_NAME"))
            .or(() -> Optional.ofNullable(System.getenv("HOSTNAME"))).orElse("shipshape");

    public AuditService(KubernetesClient client, NamespaceCache namespaces, AuditMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.audit = new Audit(namespaces::labels, clock);
    }

    /** The name this replica signs its Events with. */
    String reportingInstance() {
        return reportingInstance;
    }

    public Audit audit() {
        return audit;
    }

    /**
     * Audits an added or changed workload; with {@code live} (after the first list) a new violation gets an
     * Event. Returns the policies whose verdict changed.
     */
    Set<String> put(String key, Workload workload, String uid, boolean live) {
        long started = System.nanoTime();
        List<Audit.Change> changes = audit.putWorkload(key, workload, uid);
        metrics.recordWorkloadAudit(System.nanoTime() - started);
        if (live) {
            for (Audit.Change change : changes) {
                ViolationEvents.violation(change.policy(), change.previous(), change.current(), clock.instant(),
                        reportingInstance).ifPresent(this::post);
            }
        }
        return policies(changes);
    }

    Set<String> remove(String key) {
        return policies(audit.removeWorkload(key));
    }

    Set<String> namespaceChanged(String namespace) {
        return policies(audit.namespaceChanged(namespace));
    }

    Set<String> policyNames() {
        return audit.policyNames();
    }

    int workloadCount() {
        return audit.workloadCount();
    }

    /** Evaluates every workload against a new or changed policy. */
    public void putPolicy(String name, Audit.AuditedPolicy policy) {
        long started = System.nanoTime();
        audit.putPolicy(name, policy);
        metrics.recordPolicyAudit(System.nanoTime() - started);
    }

    private static Set<String> policies(List<Audit.Change> changes) {
        Set<String> policies = new LinkedHashSet<>();
        for (Audit.Change change : changes) {
            policies.add(change.policy());
        }
        return policies;
    }

    /** Posts the Event soon, within the rate limit; dropped when too many are waiting. */
    public void post(Event event) {
        try {
            events.execute(() -> create(event));
        } catch (RejectedExecutionException e) {
            LOG.debugf("dropped event %s: more than %d waiting", event.getMetadata().getName(), EVENT_QUEUE);
        }
    }

    private void create(Event event) {
        try {
            while (!eventBudget.tryAcquire()) {
                Thread.sleep(1000 / EVENTS_PER_SECOND);
            }
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.warnf("could not post event %s: %s", event.getMetadata().getName(), e.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        events.shutdownNow();
    }
}
