export function templateDir(): string;
export function initdbOutOfProcess(dataDir: string, startParams: string[]): Promise<void>;
export function ensureTemplate(startParams: string[]): Promise<string | undefined>;
export function copyTemplate(template: string | undefined, dataDir: string): Promise<boolean>;
