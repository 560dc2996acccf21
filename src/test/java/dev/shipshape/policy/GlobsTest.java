package dev.shipshape.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GlobsTest {

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
    @CsvSource({
            "shop,          shop,               true",
            "shop,          shops,              false",
            "shop,          sho,                false",
            "*,             anything,           true",
            "*,             '',                 true",
            "team-*,        team-a,             true",
            "team-*,        team-,              true",
            "team-*,        team,               false",
            "*-system,      kube-system,        true",
            "*-system,      kube-systems,       false",
            "a*b*c,         axxbyyc,            true",
            "a*b*c,         abcabc,             true",
            "a*b*c,         acb,                false",
            "team-?,        team-a,             true",
            "team-?,        team-,              false",
            "team-?,        team-ab,            false",
            "??,            ab,                 true",
            "*:latest,      nginx:latest,       true",
            "*:latest,      nginx:1.25,         false",
            "registry.example.com/*, registry.example.com/team/app:1, true",
            "registry.example.com/*, registry.example.com.evil.io/app, false",
            "Shop,          shop,               false",
            "**,            x,                  true",
    })
    void matches(String glob, String value, boolean expected) {
        assertThat(Globs.matches(glob, value)).isEqualTo(expected);
    }

    @Test
    void emptyListMatchesEverythingIncludingNothing() {
        assertThat(Globs.matchesAny(List.of(), "shop")).isTrue();
        assertThat(Globs.matchesAny(List.of(), null)).isTrue();
    }

    @Test
    void anyGlobOfTheListMayMatch() {
        assertThat(Globs.matchesAny(List.of("prod", "team-*"), "team-a")).isTrue();
        assertThat(Globs.matchesAny(List.of("prod", "team-*"), "dev")).isFalse();
    }

    @Test
    void missingValueMatchesNoGlobNotEvenAStar() {
        assertThat(Globs.matchesAny(List.of("*"), null)).isFalse();
    }

    @Test
    void rejectsWhatItCannotMatchNamingTheCharacter() {
        assertThat(Globs.validate("")).contains("must not be empty");
        assertThat(Globs.validate("a b")).contains("\"a b\" contains whitespace or a control character at position 1");
        assertThat(Globs.validate("a\tb")).contains("\"a\tb\" contains whitespace or a control character at position 1");
        assertThat(Globs.validate("web[0]"))
                .contains("\"web[0]\" uses '[' at position 3; only '*' and '?' are supported as wildcards");
        assertThat(Globs.validate("{a,b}"))
                .contains("\"{a,b}\" uses '{' at position 0; only '*' and '?' are supported as wildcards");
        assertThat(Globs.validate("a\\b"))
                .contains("\"a\\b\" uses '\\' at position 1; only '*' and '?' are supported as wildcards");
        assertThat(Globs.validate("!prod"))
                .contains("\"!prod\" uses '!' at position 0; only '*' and '?' are supported as wildcards");
    }

    @Test
    void rejectsNull() {
        assertThat(Globs.validate(null)).contains("must not be empty");
    }

    @ParameterizedTest
    @CsvSource({"shop", "team-*", "*", "team-?", "registry.example.com/vendor/*:1.*", "kube_system.1"})
    void acceptsLiteralsStarsAndQuestionMarks(String glob) {
        assertThat(Globs.validate(glob)).isEmpty();
    }
}
