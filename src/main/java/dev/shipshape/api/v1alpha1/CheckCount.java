package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** How many matched workloads violate one check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckCount {

    @JsonPropertyDescription("The check's id.")
    @Required
    private String check;

    @JsonPropertyDescription("Matched workloads with at least one violation of the check.")
    @Required
    private int count;

    public String getCheck() {
        return check;
    }

    public void setCheck(String check) {
        this.check = check;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }
}
