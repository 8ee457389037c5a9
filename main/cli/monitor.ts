/**
 * `assay monitor SUBCOMMAND`: one table of subcommands, each in its own file.
 */
import { UsageError } from './common';
import { cmdMonitorAlerts, monitorAlertsUsage } from './monitor-alerts';
import { cmdMonitorCheck, monitorCheckUsage } from './monitor-check';
import { cmdMonitorPerformance, monitorPerformanceUsage } from './monitor-performance';
import { cmdMonitorPull, monitorPullUsage } from './monitor-pull';
import { cmdMonitorReport, monitorReportUsage } from './monitor-report';
import { cmdMonitorRetrain, monitorRetrainUsage } from './monitor-retrain';

export const monitorCommands: Record<string, (args: string[]) => Promise<number | void>> = {
  check: cmdMonitorCheck,
  pull: cmdMonitorPull,
  alerts: cmdMonitorAlerts,
  performance: cmdMonitorPerformance,
  report: cmdMonitorReport,
  retrain: cmdMonitorRetrain,
};

export const monitorUsage = [monitorCheckUsage, monitorPullUsage, monitorAlertsUsage, monitorPerformanceUsage, monitorReportUsage, monitorRetrainUsage].join('\n');

export async function cmdMonitor(args: string[]): Promise<number | void> {
  const [sub, ...rest] = args;
  const command = sub === undefined ? undefined : monitorCommands[sub];
  if (!command) throw new UsageError(`assay monitor takes one of: ${Object.keys(monitorCommands).join(', ')}${sub === undefined ? '' : ` (not "${sub}")`}`);
  return command(rest);
}
