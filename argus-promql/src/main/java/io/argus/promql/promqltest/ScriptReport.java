package io.argus.promql.promqltest;

import java.util.List;

/** The outcomes of all evals of one script, plus a file-level error (e.g. a failed load). */
public record ScriptReport(String name, List<EvalOutcome> outcomes, String fileError) {
  public ScriptReport {
    outcomes = List.copyOf(outcomes);
  }

  public long count(EvalOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** True when nothing failed and the file itself ran through. */
  public boolean allPassedOrSkipped() {
    return fileError.isEmpty() && count(EvalOutcome.Status.FAILED) == 0;
  }

  /** {@code N passed, N failed, N skipped}. */
  public String summary() {
    return summary(
        count(EvalOutcome.Status.PASSED),
        count(EvalOutcome.Status.FAILED),
        count(EvalOutcome.Status.SKIPPED));
  }

  public static String summary(long passed, long failed, long skipped) {
    return passed + " passed, " + failed + " failed, " + skipped + " skipped";
  }
}
