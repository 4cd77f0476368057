/** The types of stryker.config.mjs, for the scripts that read it (scripts/mutationScores.ts, scripts/mutationChanged.ts). */
export declare const mutationModules: Record<string, string>;
declare const config: {
  incrementalFile: string;
  jsonReporter: { fileName: string };
  thresholds: { high: number; low: number; break: number };
};
export default config;
