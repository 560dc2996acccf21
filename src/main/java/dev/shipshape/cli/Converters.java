package dev.shipshape.cli;

import dev.shipshape.cli.report.ReportFormat;
import dev.shipshape.policy.DeclaredKind;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** Option value converters that take and list values in lowercase, as they are written in policies. */
final class Converters {

    private Converters() {
    }

    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            return Severity.find(value).orElseThrow(() -> new TypeConversionException(
                    "expected one of " + Severity.allowedValues() + ", got '" + value + "'"));
        }
    }

    static final class SeverityCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Severity.values()).map(Severity::id).iterator();
        }
    }

    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return Profile.find(value).orElseThrow(() -> new TypeConversionException(
                    "expected one of " + Profile.allowedValues() + ", got '" + value + "'"));
        }
    }

    static final class PodSecurityVersionConverter implements ITypeConverter<PodSecurityVersion> {
        @Override
        public PodSecurityVersion convert(String value) {
            return PodSecurityVersion.parse(value).orElseThrow(() -> new TypeConversionException(
                    "expected latest or a Kubernetes version v1.N (e.g. v1.33), got '" + value + "'"));
        }
    }

    static final class DeclaredKindConverter implements ITypeConverter<DeclaredKind> {
        @Override
        public DeclaredKind convert(String value) {
            try {
                return DeclaredKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ProfileCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Profile.values()).map(Profile::id).iterator();
        }
    }

    static final class ReportFormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            return lowercaseEnum(ReportFormat.class, value);
        }
    }

    static final class ReportFormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowercaseNames(ReportFormat.class);
        }
    }

    static final class CatalogFormatConverter implements ITypeConverter<ChecksCommand.CatalogFormat> {
        @Override
        public ChecksCommand.CatalogFormat convert(String value) {
            return lowercaseEnum(ChecksCommand.CatalogFormat.class, value);
        }
    }

    static final class CatalogFormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowercaseNames(ChecksCommand.CatalogFormat.class);
        }
    }

    private static <E extends Enum<E>> E lowercaseEnum(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new TypeConversionException("expected one of " + String.join(", ", (Iterable<String>) () ->
                lowercaseNames(type)) + ", got '" + value + "'");
    }

    private static <E extends Enum<E>> Iterator<String> lowercaseNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .iterator();
    }
}
