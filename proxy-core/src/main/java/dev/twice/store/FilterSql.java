package dev.twice.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an exchange filter, every value a bound parameter (nothing from a request is
 * spliced into SQL); the search text is not in it: bodies are searched decoded (ExchangeSearch).
 */
record FilterSql(String where, List<Object> args) {

    static FilterSql of(ExchangeFilter filter, Dialect dialect) {
        StringBuilder sql = new StringBuilder(" WHERE 1=1");
        List<Object> args = new ArrayList<>();
        filter.method().ifPresent(m -> {
            sql.append(" AND method = ?");
            args.add(m);
        });
        filter.urlContains().ifPresent(u -> {
            sql.append(" AND ").append(dialect.contains("url"));
            args.add(u);
        });
        filter.instance().ifPresent(i -> {
            sql.append(" AND instance = ?");
            args.add(i);
        });
        if (filter.statusFrom().isPresent()) {
            sql.append(" AND status BETWEEN ? AND ?");
            args.add(filter.statusFrom().get());
            args.add(filter.statusTo().orElse(filter.statusFrom().get()));
        }
        filter.finding().ifPresent(rule -> {
            sql.append(
                    " AND id IN (SELECT fe.exchange_id FROM finding_exchange fe JOIN finding f ON f.id = fe.finding_id"
                            + " WHERE f.rule = ?)");
            args.add(rule);
        });
        filter.before().ifPresent(b -> {
            sql.append(" AND id < ?");
            args.add(b);
        });
        return new FilterSql(sql.toString(), List.copyOf(args));
    }
}
