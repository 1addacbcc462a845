package io.parley.bootstrap.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.parley.bootstrap.bench.BaselineBenchmark.Figure;
import io.parley.bootstrap.bench.BaselineBenchmark.Server;

/**
 * The table {@link BaselineBenchmark} prints at the end, in Markdown so that it can go into docs/performance.md
 * as it is: the median of the runs for every figure and server, and after Parley's the ratio to the baseline's
 * (Parley's figure divided by the baseline's, whatever the unit: above 1× is more time, CPU, memory, or more
 * messages, whichever the row counts).
 */
final class BaselineTable {
    private BaselineTable() {
    }

    /** One row: its label, the figures it shows (two for p50 / p99), how a value is written. */
    private record Row(String label, List<Figure> figures, String format, String unit, boolean compared) {
        Row(String label, List<Figure> figures, String format, String unit) {
            this(label, figures, format, unit, true);
        }
    }

    static String render(List<Server> servers, Map<Server, Map<Figure, List<Double>>> results, int runs,
                         int members, int idle, int held, int inFlight) {
        List<Row> rows = List.of(
                new Row("50 msg/s offered: p50 / p99 end to end", List.of(Figure.P50, Figure.P99), "%.1f", " ms"),
                new Row("50 msg/s: server CPU", List.of(Figure.CPU_50), "%.1f", " % of a core"),
                new Row("for reference, of that CPU: the JIT compiler's threads", List.of(Figure.JIT_50), "%.1f",
                        " % of a core", false),
                new Row("300 msg/s offered: deliveries/s", List.of(Figure.DELIVERIES_300), "%,.0f", ""),
                new Row(thousands(idle) + " idle connections: RSS per connection", List.of(Figure.IDLE_RSS), "%.1f",
                        " KiB"),
                new Row("connects per second (" + inFlight + " handshakes in flight)", List.of(Figure.CONNECTS),
                        "%,.0f", "/s"),
                new Row("1 sender as fast as it may, 10 listening: msg/s (Parley acked in order; baseline "
                        + "broadcast)", List.of(Figure.FAST_FEW), "%,.0f", ""),
                new Row("1 sender as fast as it may, " + thousands(members) + " listening: msg/s (same)",
                        List.of(Figure.FAST_MANY), "%,.0f", ""),
                new Row("the same, " + thousands(members) + " listening: deliveries/s per core of the server, until "
                        + "the last member had the last message", List.of(Figure.DELIVERIES_PER_CORE_FAST_MANY), "%,.0f", ""),
                new Row(thousands(held) + " connections held: RSS (Parley heartbeats on; baseline idle)",
                        List.of(Figure.HELD_RSS), "%,.0f", " MiB"),
                // the baseline has no heartbeat: its idle CPU is a tick or two, and a ratio to it would be noise
                new Row(thousands(held) + " connections held: CPU (Parley heartbeats; baseline idle, no ratio)",
                        List.of(Figure.HELD_CPU), "%.2f", " % of a core", false),
                new Row("for reference, CPU at 300 msg/s offered: server / load generator",
                        List.of(Figure.SERVER_300, Figure.LOAD_300), "%.0f", " %", false),
                new Row("for reference, CPU as fast as it may to " + thousands(members) + ": server / load generator",
                        List.of(Figure.SERVER_FAST_MANY, Figure.LOAD_FAST_MANY), "%.0f", " %", false),
                new Row("for reference, of the server's CPU then: the JIT compiler's threads",
                        List.of(Figure.JIT_FAST_MANY), "%.1f", " % of a core", false),
                new Row("for reference, CPU while connecting: server / load generator",
                        List.of(Figure.SERVER_CONNECTS, Figure.LOAD_CONNECTS), "%.0f", " %", false));
        StringBuilder out = new StringBuilder("| one conversation, " + thousands(members) + " members, 1 sender; "
                + "median of " + runs + " run" + (runs == 1 ? "" : "s") + " |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Server server : servers) {
            out.append(' ').append(server.label).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        for (Row row : rows) {
            out.append("| ").append(row.label()).append(" |");
            for (Server server : servers) {
                out.append(' ').append(cell(row, server, results, runs)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(Row row, Server server, Map<Server, Map<Figure, List<Double>>> results, int runs) {
        StringBuilder values = new StringBuilder();
        StringBuilder ratios = new StringBuilder();
        int measured = runs;
        for (Figure figure : row.figures()) {
            List<Double> of = results.getOrDefault(server, Map.of()).get(figure);
            String separator = values.isEmpty() ? "" : " / ";
            if (of == null || of.isEmpty()) {
                values.append(separator).append('—');
                ratios.append(separator).append('—');
                measured = 0;
                continue;
            }
            measured = Math.min(measured, of.size());
            double value = BaselineBenchmark.median(of);
            values.append(separator).append(number(row.format(), value));
            List<Double> base = results.getOrDefault(Server.BASELINE, Map.of()).get(figure);
            double baseline = base == null || base.isEmpty() ? 0 : BaselineBenchmark.median(base);
            ratios.append(separator).append(baseline > 0 ? ratio(value / baseline) : "—");
        }
        String cell = values + row.unit();
        if (row.compared() && server != Server.BASELINE && results.containsKey(Server.BASELINE)) {
            cell += " (" + ratios + ")";
        }
        return measured < runs ? cell + " [" + measured + " of " + runs + " runs]" : cell;
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 100 ? "%.0f×" : r >= 10 ? "%.1f×" : "%.2f×", r);
    }

    /** Thousands grouped with a space, as the rest of docs/performance.md writes them. */
    private static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value).replace(',', ' ');
    }

    private static String thousands(int n) {
        return number("%,.0f", n);
    }
}
