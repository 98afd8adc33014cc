package dev.twice.analysis;

import java.util.Locale;

/** How bad a finding is: a violation breaks a MUST of the standard; a warning deserves a look. */
public enum Severity {
    VIOLATION,
    WARNING;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
