package dev.shipshape.webhook;

/** An AdmissionReview the webhook cannot read; answered with HTTP 400 and this message. */
public class BadReviewException extends Exception {

    public BadReviewException(String message) {
        super(message);
    }
}
