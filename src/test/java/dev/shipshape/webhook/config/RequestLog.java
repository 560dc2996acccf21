package dev.shipshape.webhook.config;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads the mock server's request log in portions. */
final class RequestLog {

    private final KubernetesMockServer server;
    private int taken;

    RequestLog(KubernetesMockServer server) {
        this.server = server;
    }

    /** The requests the server received since the previous call, oldest first. */
    List<RecordedRequest> sinceLastCall() throws InterruptedException {
        int received = server.getRequestCount();
        List<RecordedRequest> requests = new ArrayList<>();
        for (; taken < received; taken++) {
            RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
            if (request == null) {
                throw new IllegalStateException("the server counted a request it did not record");
            }
            requests.add(request);
        }
        return requests;
    }

    /** The method and path of each request other than a GET since the previous call, oldest first. */
    List<String> writesSinceLastCall() throws InterruptedException {
        return sinceLastCall().stream()
                .filter(request -> !"GET".equals(request.getMethod()))
                .map(request -> request.getMethod() + " " + request.getPath())
                .toList();
    }
}
