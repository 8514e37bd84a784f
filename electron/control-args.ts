/** How the main process hands the control URL and token to the preload: renderer argv entries. */
export interface ControlBridge {
  controlUrl: string
  controlToken: string
}

const URL_FLAG = '--slotline-control-url='
const TOKEN_FLAG = '--slotline-control-token='

/** The `webPreferences.additionalArguments` carrying the bridge values (never the page URL). */
export function controlArguments(bridge: ControlBridge): string[] {
  return [`${URL_FLAG}${bridge.controlUrl}`, `${TOKEN_FLAG}${bridge.controlToken}`]
}

/** Reads the bridge values back from a renderer's argv; empty strings when absent. */
export function parseControlArguments(argv: readonly string[]): ControlBridge {
  const find = (flag: string): string => argv.find((arg) => arg.startsWith(flag))?.slice(flag.length) ?? ''
  return { controlUrl: find(URL_FLAG), controlToken: find(TOKEN_FLAG) }
}
