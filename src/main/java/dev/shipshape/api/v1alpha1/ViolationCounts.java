package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Violations by severity. */
public class ViolationCounts {

    @JsonPropertyDescription("Violations of critical severity.")
    private int critical;

    @JsonPropertyDescription("Violations of high severity.")
    private int high;

    @JsonPropertyDescription("Violations of medium severity.")
    private int medium;

    @JsonPropertyDescription("Violations of low severity.")
    private int low;

    public int getCritical() {
        return critical;
    }

    public void setCritical(int critical) {
        this.critical = critical;
    }

    public int getHigh() {
        return high;
    }

    public void setHigh(int high) {
        this.high = high;
    }

    public int getMedium() {
        return medium;
    }

    public void setMedium(int medium) {
        this.medium = medium;
    }

    public int getLow() {
        return low;
    }

    public void setLow(int low) {
        this.low = low;
    }
}
