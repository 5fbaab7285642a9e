// dynalite ships no types; this is the part of its API local mode uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  export interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
