package io.fahren.test;

/** Flattens an exception chain, suppressed ones included, for assertions on deployment problems. */
public final class Failures {

    private Failures() {
    }

    /**
     * @param failure the top exception
     * @return every message in the chain, one per line
     */
    public static String describe(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(describe(s));
            }
        }
        return all.toString();
    }
}
