export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  pid: number
}
export function parseOutputFile(text: string): Record<string, string>
export function runAction(
  inputs: Record<string, string | number | boolean>,
  options?: {
    env?: Record<string, string>
    cwd?: string
    node?: string
    entry?: string
    onSpawn?: (child: import('node:child_process').ChildProcess) => void
  }
): Promise<ActionRun>
