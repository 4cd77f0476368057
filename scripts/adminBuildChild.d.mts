export function startAdminBuild(): Promise<'fresh' | 'built' | 'failed'>;
