import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  /** 1, 5 and 15 minute load averages when the run began. */
  loadAverage: [number, number, number];
  /** The open-files limit of this process (children inherit it). */
  openFilesLimit: string;
}

export function machineInfo(openFilesLimit: string): MachineInfo {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: [round2(one), round2(five), round2(fifteen)],
    openFilesLimit,
  };
}

export const round2 = (value: number) => Math.round(value * 100) / 100;
