package dev.twice.store;

/** The few places where SQLite's SQL and PostgreSQL's differ; every other statement is shared. */
enum Dialect {
    SQLITE(
            "instr(lower(%s), lower(?)) > 0",
            "min", "max", "(SELECT coalesce(max(version), 0) + 1 FROM finding)", "%s = ?", "(rule, subject)", "x''"),
    /** Long text is indexed by its md5 (PostgresMigrations): the look-up names the same expression. */
    POSTGRESQL(
            "strpos(lower(%s), lower(?)) > 0",
            "least",
            "greatest",
            "nextval('finding_version')",
            "md5(%1$s) = md5(?) AND %1$s = ?",
            "(rule, md5(subject))",
            "''::bytea");

    private final String contains;
    private final String least;
    private final String greatest;
    /** A finding's next change number: SQLite has one writer; PostgreSQL's sequence serves every instance. */
    final String nextFindingVersion;

    private final String equalsText;
    /** An empty byte string literal. */
    final String emptyBytes;
    /** The unique index a finding's upsert lands on. */
    final String findingKey;

    Dialect(
            String contains,
            String least,
            String greatest,
            String nextFindingVersion,
            String equalsText,
            String findingKey,
            String emptyBytes) {
        this.emptyBytes = emptyBytes;
        this.contains = contains;
        this.equalsText = equalsText;
        this.findingKey = findingKey;
        this.least = least;
        this.greatest = greatest;
        this.nextFindingVersion = nextFindingVersion;
    }

    /**
     * A condition true when {@code column} contains the bound parameter, whatever the case (no LIKE:
     * '%' and '_' are literal).
     */
    String contains(String column) {
        return contains.formatted(column);
    }

    /** A condition true when {@code column} equals the bound parameter, bound {@link #equalsTextParams} times. */
    String equalsText(String column) {
        return equalsText.formatted(column);
    }

    int equalsTextParams() {
        return this == SQLITE ? 1 : 2;
    }

    String least(String a, String b) {
        return least + "(" + a + ", " + b + ")";
    }

    String greatest(String a, String b) {
        return greatest + "(" + a + ", " + b + ")";
    }
}
