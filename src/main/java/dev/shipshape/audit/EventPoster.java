package dev.shipshape.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Posts the audit's Kubernetes Events from one thread, at most {@value #EVENTS_PER_SECOND} a second (bursts of
 * {@value #EVENT_BURST}); when more are waiting than {@value #EVENT_QUEUE} the newest are dropped. Event names are
 * derived from what they report ({@link ViolationEvents}), so an Event the API server already has (409) is not
 * posted twice, not even by the next leader.
 */
@ApplicationScoped
public class EventPoster {

    static final int EVENTS_PER_SECOND = 5;
    static final int EVENT_BURST = 20;
    static final int EVENT_QUEUE = 1000;

    private static final Logger LOG = Logger.getLogger(EventPoster.class);

    private final KubernetesClient client;
    private final TokenBucket budget = new TokenBucket(EVENTS_PER_SECOND, EVENT_BURST, System::nanoTime);
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(EVENT_QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "shipshape-events");
                thread.setDaemon(true);
                return thread;
            });
    private final String reportingInstance = Optional.ofNullable(System.getenv("POD_NAME"))
            .or(() -> Optional.ofNullable(System.getenv("HOSTNAME"))).orElse("shipshape");

    public EventPoster(KubernetesClient client) {
        this.client = client;
    }

    /** The name this replica signs its Events with. */
    String reportingInstance() {
        return reportingInstance;
    }

    /** Posts the Event soon, within the rate limit; dropped when too many are waiting. */
    public void post(Event event) {
        try {
            sender.execute(() -> create(event));
        } catch (RejectedExecutionException e) {
            LOG.debugf("dropped event %s: more than %d waiting", event.getMetadata().getName(), EVENT_QUEUE);
        }
    }

    private void create(Event event) {
        try {
            while (!budget.tryAcquire()) {
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
        sender.shutdownNow();
    }
}
