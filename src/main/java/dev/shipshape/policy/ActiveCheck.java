package dev.shipshape.policy;

/**
 * A check as a policy runs it: configured with the policy's parameters, at the policy's severity.
 *
 * @param check the configured check
 * @param severity the effective severity of its findings
 */
public record ActiveCheck(Check check, Severity severity) {

    public String id() {
        return check.descriptor().id();
    }
}
