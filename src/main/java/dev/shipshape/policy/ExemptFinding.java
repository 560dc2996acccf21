package dev.shipshape.policy;

/**
 * A finding that an exemption covers.
 *
 * @param finding the finding
 * @param origin where the exemption is written: {@code exemption #0}, {@code HardeningExemption shop/legacy-db} or
 *               {@code annotation shipshape.dev/exempt}
 * @param reason where the exemption comes from and why, e.g. {@code exemption #0: vendor image writes to its data dir}
 */
public record ExemptFinding(Finding finding, String origin, String reason) {
}
