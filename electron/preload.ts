// Sandboxed preload (built as CommonJS): exposes only the control URL and token to the page.
import { contextBridge } from 'electron'
import { parseControlArguments } from './control-args.ts'

contextBridge.exposeInMainWorld('slotline', Object.freeze(parseControlArguments(process.argv)))
