package io.lanekeeper.agent;

import io.lanekeeper.agent.anpr.EvalCommand;
import io.lanekeeper.agent.anpr.PseudoLabelCommand;
import io.lanekeeper.agent.anpr.ReadCommand;
import io.lanekeeper.agent.anpr.SuiteCommand;
import io.lanekeeper.agent.anpr.VideoCommand;
import io.lanekeeper.agent.bench.AnprBench;
import io.lanekeeper.agent.bench.DashboardBench;
import io.lanekeeper.agent.bench.GateBench;
import io.lanekeeper.agent.bench.MatcherBench;
import io.lanekeeper.agent.bench.OutageBench;
import io.lanekeeper.agent.bench.SiteBench;
import io.lanekeeper.agent.bench.StartupBench;
import io.lanekeeper.synth.ProfilesCommand;
import io.lanekeeper.synth.SynthCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The one entry point of the jar.
 *
 * <pre>
 * lanekeeper run [--config FILE]... [--demo FRAMES_DIR]
 * lanekeeper anpr read IMAGE... | eval DIR [--json FILE] | synth --out DIR ... | profiles [--doc DIR]
 * lanekeeper bench anpr|matcher|gate|startup|outage|dashboards|site [options]
 * lanekeeper token NAME ROLE
 * lanekeeper site-certs DIR NODE...
 * </pre>
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(dispatch(args, System.out));
  }

  static int dispatch(String[] args, PrintStream out) {
    if (args.length == 0) {
      return RunCommand.run(args);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "run" -> RunCommand.run(rest);
      case "anpr" -> anpr(rest, out);
      case "bench" -> bench(rest, out);
      case "token" -> TokenCommand.run(rest, out);
      case "site-certs" -> SiteCertsCommand.run(rest, out);
      case "help", "--help", "-h" -> usage(out, 0);
      default -> usage(System.err, 2);
    };
  }

  private static int anpr(String[] args, PrintStream out) {
    if (args.length == 0) {
      return usage(System.err, 2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "read" -> ReadCommand.run(rest, out);
      case "eval" -> EvalCommand.run(rest, out);
      case "suite" -> SuiteCommand.run(rest, out);
      case "synth" -> SynthCommand.run(rest, out);
      case "profiles" -> ProfilesCommand.run(rest, out);
      case "video" -> VideoCommand.run(rest, out);
      case "pseudo-label" -> PseudoLabelCommand.run(rest, out);
      default -> usage(System.err, 2);
    };
  }

  private static int bench(String[] args, PrintStream out) {
    if (args.length == 0) {
      return usage(System.err, 2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "anpr" -> AnprBench.run(rest, out);
      case "matcher" -> MatcherBench.run(rest, out);
      case "gate" -> GateBench.run(rest, out);
      case "startup" -> StartupBench.run(rest, out);
      case "outage" -> OutageBench.run(rest, out);
      case "dashboards" -> DashboardBench.run(rest, out);
      case "site" -> SiteBench.run(rest, out);
      default -> usage(System.err, 2);
    };
  }

  private static int usage(PrintStream out, int code) {
    out.println("""
        usage:
          lanekeeper run [--config FILE]... [--demo FRAMES_DIR]   start the controller
          lanekeeper anpr read [--formats a,b] IMAGE...          print the plates found, as JSON
          lanekeeper anpr eval DIR [--json FILE]                 measure on a folder in the dev-set format
          lanekeeper anpr suite [--json FILE] [--report DIR]     the evaluation suite: every set, one table
          lanekeeper anpr synth --out DIR [--scenes N] [--crops N] ...   generate synthetic plates
          lanekeeper anpr profiles [--doc DIR]                   list the plate profiles; --doc: their catalogue
          lanekeeper anpr pseudo-label DIR --teacher T --formats EUROPE   label crops by two readers' agreement
          lanekeeper anpr video FILE|URL [--json F] [--csv F] [--annotated OUT.mp4]   each vehicle of a video, once
          lanekeeper bench anpr [options]                        per-stage latency, throughput, memory
          lanekeeper bench matcher [options]                     lookup latency vs PostgreSQL, false accepts/rejects
          lanekeeper bench gate [--iterations N] [--md FILE]     decision to relay edge latency (mock GPIO)
          lanekeeper bench startup [--run-seconds N] [--md FILE]  time to ready and resident memory of the controller
          lanekeeper bench outage [--outage S] [--md FILE]       decisions and exactly-once events across a \
        PostgreSQL stop
          lanekeeper bench dashboards [--clients N] [--md FILE]  a read's time to every connected dashboard; first load
          lanekeeper bench site [--nodes N] [--lanes M] [--md FILE]  a site cluster as processes: a decision's time to \
        another device, a lost device noticed, memory
          lanekeeper token NAME ROLE                             a new API token (viewer, operator, admin) for a device
          lanekeeper site-certs DIR NODE...                      a site cluster's CA and a certificate per device
        configuration: conf/default.json, then each --config FILE, then LANEKEEPER_* variables""");
    return code;
  }
}
