// Loaded before the app by `npm start` and `npm run worker` (`node --import=./src/compile-cache.js …`), and plain
// JavaScript for that reason: it turns on Node's compile cache (in os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE)
// before the first .ts file is read. Once a version's files are in it (its first start writes them), Node takes them
// already stripped of their types and compiled, and never loads its TypeScript stripper: amaro, a WebAssembly build of
// swc that stays resident for the life of the process (about 20 MB of the app's memory), and starts faster too.
import { enableCompileCache } from "node:module";

enableCompileCache();
