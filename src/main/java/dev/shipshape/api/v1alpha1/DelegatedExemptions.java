package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.generator.annotation.Min;

import java.util.ArrayList;
import java.util.List;

/**
 * What a policy lets app teams exempt themselves with HardeningExemptions in their namespaces, without editing the
 * policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DelegatedExemptions {

    @JsonPropertyDescription("Namespace globs (* and ?) whose HardeningExemptions this policy honours. Empty means "
            + "every namespace the policy matches.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> namespaces = new ArrayList<>();

    @JsonPropertyDescription("Ids of the only checks a HardeningExemption may exempt. Empty means every check but "
            + "those in allChecksBut.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> checks = new ArrayList<>();

    @JsonPropertyDescription("Ids of checks a HardeningExemption may never exempt, e.g. privileged and "
            + "host-namespaces; used when checks is empty.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> allChecksBut = new ArrayList<>();

    @JsonPropertyDescription("The longest a HardeningExemption may last: its expires at most this many days after "
            + "it was created. Unset means 30.")
    @Min(1)
    private Integer maxDays;

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public List<String> getChecks() {
        return checks;
    }

    public void setChecks(List<String> checks) {
        this.checks = checks;
    }

    public List<String> getAllChecksBut() {
        return allChecksBut;
    }

    public void setAllChecksBut(List<String> allChecksBut) {
        this.allChecksBut = allChecksBut;
    }

    public Integer getMaxDays() {
        return maxDays;
    }

    public void setMaxDays(Integer maxDays) {
        this.maxDays = maxDays;
    }
}
