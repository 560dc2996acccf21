package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

import java.util.LinkedHashMap;
import java.util.Map;

/** A change to one check of the profile, or the addition of a check from a higher profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckOverride {

    @JsonPropertyDescription("The check's id, e.g. resource-limits; `shipshape checks` lists them all.")
    @Required
    private String id;

    @JsonPropertyDescription("The severity of this check's findings under this policy. Unset keeps the check's "
            + "default severity.")
    private SeverityName severity;

    @JsonPropertyDescription("Turns the check off. A check that is not part of the profile and not disabled is added.")
    @Default("false")
    private boolean disabled;

    @JsonPropertyDescription("Parameter values for the check, as strings; unset parameters keep their defaults. "
            + "`shipshape checks` lists each check's parameters.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private Map<String, String> params = new LinkedHashMap<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public SeverityName getSeverity() {
        return severity;
    }

    public void setSeverity(SeverityName severity) {
        this.severity = severity;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public Map<String, String> getParams() {
        return params;
    }

    public void setParams(Map<String, String> params) {
        this.params = params;
    }
}
