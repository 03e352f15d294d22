// The engine (crates/huashu_wasm) in the page: a request goes in as JSON
// text, the answer comes back as JSON text, through the module's three
// exports (crates/huashu_wasm/src/abi.rs). No generated glue: this file is
// all of it.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Instantiate the engine from the module's bytes. */
export async function loadEngine(bytes) {
  const module = await WebAssembly.compile(bytes);
  let exports = (await WebAssembly.instantiate(module, {})).exports;
  return {
    /** Send one request (an object), get its answer (an object). */
    call(request) {
      const input = encoder.encode(JSON.stringify(request));
      try {
        const ptr = exports.huashu_alloc(input.length);
        new Uint8Array(exports.memory.buffer, ptr, input.length).set(input);
        const len = exports.huashu_call(ptr, input.length);
        const out = new Uint8Array(exports.memory.buffer, exports.huashu_answer_ptr(), len);
        return JSON.parse(decoder.decode(out));
      } catch (error) {
        // A trap (a bug in the engine) leaves the instance unusable: start
        // a fresh one, and let the page say what happened.
        exports = new WebAssembly.Instance(module, {}).exports;
        return { error: String(error), crashed: true };
      }
    },
  };
}

/** The module's bytes, from the gzipped base64 text build.sh put in the page. */
export async function inlineWasm(id) {
  const text = document.getElementById(id).textContent.trim();
  const binary = atob(text);
  const gzipped = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) gzipped[i] = binary.charCodeAt(i);
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
