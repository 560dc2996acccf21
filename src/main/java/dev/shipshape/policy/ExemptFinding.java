package dev.shipshape.policy;

/**
 * A finding that an exemption covers.
 *
 * @param finding the finding
 * @param reason where the exemption comes from and why, e.g. {@code exemption #0: vendor image writes to its data dir}
 */
public record ExemptFinding(Finding finding, String reason) {
}
