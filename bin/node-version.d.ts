export function satisfiesEngine(found: string, range: string): boolean | undefined;
export function exitUnlessNodeSupported(found?: string): void;
