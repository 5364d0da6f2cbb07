export const id = 605;
export const ids = [605];
export const modules = {

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   "in": () => (/* binding */ readRequest)
/* harmony export */ });
/* unused harmony exports COMMANDS, parseList, parseLines, parseBoolean, parseFileSpec, parseByteSize */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9217);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2148);
/**
 * Inputs: read every input once into a typed request per command, validated before any network call.
 * Every error names the input and says how to fix it.
 */


// Only the parsers: the rest of src/oci (undici, tar) loads with the command that needs it.


const COMMANDS = ['push', 'pull', 'tag', 'copy', 'tags', 'inspect'];
/** InputError: an input that cannot be used; the message names it and says what to do. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`input "${input}": ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** Splits a list input: one item per line or comma-separated; blank items and `#` comments dropped. */
function parseList(value) {
    return value
        .split(/\r?\n/)
        .map(line => line.replace(/(^|\s)#.*$/, ''))
        .flatMap(line => line.split(','))
        .map(s => s.trim())
        .filter(s => s !== '');
}
/** Splits a multi-line input by line only (for values that may contain commas, e.g. annotations). */
function parseLines(value) {
    return value
        .split(/\r?\n/)
        .map(s => s.trim())
        .filter(s => s !== '' && !s.startsWith('#'));
}
/** Parses `true`/`false` (as YAML 1.2 core schema, like core.getBooleanInput). */
function parseBoolean(name, value, fallback) {
    const v = value.trim();
    if (v === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new InputError(name, `"${v}" is not a boolean: use true or false`);
}
/** Splits `path[:mediaType]`: the suffix is a media type only when it has the type/subtype shape. */
function parseFileSpec(name, value) {
    const colon = value.lastIndexOf(':');
    if (colon > 0) {
        const mediaType = value.slice(colon + 1);
        if (mediaType.includes('/')) {
            if (!(0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidMediaType */ .Hw)(mediaType)) {
                throw new InputError(name, `"${mediaType}" is not a valid media type (expected type/subtype)`);
            }
            return { path: value.slice(0, colon), mediaType };
        }
    }
    return { path: value };
}
function parseReferenceInput(name, value) {
    if (!value.trim())
        throw new InputError(name, 'is required: give registry/repository[:tag] or oci-layout:PATH[:TAG]');
    try {
        return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseAnyReference */ .Vp)(value.trim());
    }
    catch (e) {
        throw new InputError(name, e.message);
    }
}
function parseCount(name, value, fallback) {
    if (value.trim() === '')
        return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 64) {
        throw new InputError(name, `"${value}" is not a whole number from 1 to 64`);
    }
    return n;
}
const SIZE_UNITS = {
    '': 1,
    b: 1,
    k: 1000,
    kb: 1000,
    kib: 1024,
    m: 1000 ** 2,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    g: 1000 ** 3,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
    t: 1000 ** 4,
    tb: 1000 ** 4,
    tib: 1024 ** 4
};
/** Parses a byte size: a number with an optional unit (`500MB`, `10GiB`, `2g`, `1048576`). */
function parseByteSize(name, value, fallback) {
    const v = value.trim();
    if (v === '')
        return fallback;
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v);
    const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined) {
        throw new InputError(name, `"${v}" is not a size: give a number of bytes or e.g. 500MB, 10GiB`);
    }
    return Math.floor(Number(m[1]) * unit);
}
function parseTags(value) {
    const tags = parseList(value);
    for (const t of tags) {
        if (!(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .isValidTag */ .r_)(t)) {
            throw new InputError('tags', `"${t}" is not a valid tag: 1 to 128 letters, digits, _, . or -, not starting with . or -`);
        }
    }
    return [...new Set(tags)];
}
function parseAnnotations(value) {
    const out = {};
    for (const line of parseLines(value)) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new InputError('annotations', `"${line}" is not key=value`);
        out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return out;
}
function requireExisting(name, path, kind) {
    let st;
    try {
        st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path);
    }
    catch {
        throw new InputError(name, `"${path}" does not exist (paths are relative to the workspace, ${process.cwd()})`);
    }
    if (kind === 'file' && !st.isFile())
        throw new InputError(name, `"${path}" is not a regular file`);
    if (!st.isFile() && !st.isDirectory())
        throw new InputError(name, `"${path}" is neither a file nor a folder`);
}
function parseCommand(value) {
    const c = value.trim().toLowerCase();
    if (COMMANDS.includes(c))
        return c;
    throw new InputError('command', `${c ? `"${value}" is not a command` : 'is required'}: use one of ${COMMANDS.join(', ')}`);
}
function parseCommon(get) {
    const username = get('username').trim();
    const password = get('password');
    if (Boolean(username) !== Boolean(password)) {
        throw new InputError(username ? 'password' : 'username', 'username and password must be given together');
    }
    const githubToken = get('github-token');
    return {
        ...(username ? { username, password } : {}),
        ...(githubToken ? { githubToken } : {}),
        concurrency: parseCount('concurrency', get('concurrency'), 4),
        connections: parseCount('connections', get('connections'), 8),
        plainHttp: parseBoolean('plain-http', get('plain-http'), false),
        cache: parseBoolean('cache', get('cache'), true),
        cacheMaxSize: parseByteSize('cache-max-size', get('cache-max-size'), 10 * 1024 ** 3)
    };
}
/** Reads and validates every input for the chosen command. */
function readRequest(get) {
    const command = parseCommand(get('command'));
    const common = parseCommon(get);
    const reference = parseReferenceInput('reference', get('reference'));
    switch (command) {
        case 'push':
            return readPush(get, common, reference);
        case 'pull':
            return readPull(get, common, reference);
        case 'inspect':
            return { command, ...common, source: reference };
        case 'tags':
            return { command, ...common, source: reference };
        case 'tag': {
            const tags = parseTags(get('tags'));
            if (tags.length === 0) {
                throw new InputError('tags', 'is required for tag: list the tags to point at the reference, e.g. production');
            }
            return { command, ...common, source: reference, tags };
        }
        case 'copy':
            return {
                command,
                ...common,
                source: reference,
                destination: parseReferenceInput('to', get('to')),
                tags: parseTags(get('tags')),
                dryRun: parseBoolean('dry-run', get('dry-run'), false)
            };
    }
}
function readPush(get, common, target) {
    if (target.ref.digest) {
        throw new InputError('reference', 'a push cannot name a digest (the digest is computed): give a tag instead');
    }
    // A trailing ` # comment` is allowed, as in a YAML block (file names with " #" are not).
    const files = parseLines(get('files'))
        .map(f => f.replace(/\s+#.*$/, ''))
        .map(f => parseFileSpec('files', f));
    if (files.length === 0)
        throw new InputError('files', 'is required for push: list one file or folder per line');
    for (const f of files)
        requireExisting('files', f.path, 'any');
    const configValue = get('config').trim();
    const config = configValue ? parseFileSpec('config', configValue) : undefined;
    if (config)
        requireExisting('config', config.path, 'file');
    const artifactType = get('artifact-type').trim() || undefined;
    if (artifactType && !(0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidMediaType */ .Hw)(artifactType)) {
        throw new InputError('artifact-type', `"${artifactType}" is not a media type (expected type/subtype)`);
    }
    const annotationFile = get('annotation-file').trim() || undefined;
    if (annotationFile)
        requireExisting('annotation-file', annotationFile, 'file');
    const imageSpec = get('image-spec').trim() || 'v1.1';
    if (imageSpec !== 'v1.1' && imageSpec !== 'v1.0') {
        throw new InputError('image-spec', `"${imageSpec}" is not supported: use v1.1 (default) or v1.0`);
    }
    return {
        command: 'push',
        ...common,
        target,
        files,
        ...(artifactType ? { artifactType } : {}),
        ...(config ? { config } : {}),
        annotations: parseAnnotations(get('annotations')),
        ...(annotationFile ? { annotationFile } : {}),
        tags: parseTags(get('tags')),
        imageSpec,
        dryRun: parseBoolean('dry-run', get('dry-run'), false)
    };
}
function readPull(get, common, source) {
    const output = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(get('output').trim() || '.');
    try {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(output).isDirectory()) {
            throw new InputError('output', `"${output}" exists and is not a folder: choose a folder to write the model into`);
        }
    }
    catch (e) {
        if (e instanceof InputError)
            throw e;
        // A folder that does not exist yet is created by the pull.
    }
    return {
        command: 'pull',
        ...common,
        source,
        output,
        include: parseList(get('include')),
        dryRun: parseBoolean('dry-run', get('dry-run'), false)
    };
}


/***/ }),

/***/ 7605:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run),
  runCommand: () => (/* binding */ runCommand),
  setOutputs: () => (/* binding */ setOutputs)
});

// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./src/oci/cleanup.ts
var cleanup = __webpack_require__(9213);
;// CONCATENATED MODULE: ./src/interrupt.ts
/**
 * SIGINT/SIGTERM: the runner sends SIGINT when a job is cancelled, then SIGTERM 7.5 s later. The
 * action stops at once: it runs the registered clean-ups (temp files, staging folders; see
 * oci/cleanup.ts), fails the step with a message, and exits. Every file in `output` and the cache
 * was placed by a rename of verified content, so what is there is whole.
 */


const SETTLE_MS = 300;
/** Installs the handlers; returns a function that removes them. */
function handleInterrupts(exit = code => process.exit(code)) {
    let stopping = false;
    const handler = (signal) => {
        if (stopping)
            return;
        stopping = true;
        const n = (0,cleanup/* runInterruptActions */.Se)(true);
        core/* setFailed */.C1(`Cancelled by ${signal}: stopped, and removed ${n} temporary file(s) and folder(s); nothing was left half-written`);
        // A file being created on the thread pool right now would appear after the first sweep: let
        // such operations land, sweep again, then exit (well within the runner's 7.5 s grace).
        setTimeout(() => {
            (0,cleanup/* runInterruptActions */.Se)();
            exit(1);
        }, SETTLE_MS).unref();
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}

;// CONCATENATED MODULE: ./src/log.ts
/**
 * Logging for the action: the oci Logger bound to the runner's workflow commands (runner.ts), with text from artifacts made
 * harmless (a line starting with `::` would be read by the runner as a workflow command).
 */

/**
 * Neutralises workflow commands in text that may come from an artifact or a registry. The runner
 * reads its output line by line with .NET's ReadLine, where `\r` alone also ends a line, so a
 * command could start after any `\r` or `\n` (after optional blanks).
 */
function escapeCommands(text) {
    return text.replace(/(^|[\r\n])([^\S\r\n]*)::/g, '$1$2:\u200b:');
}
/** The Logger that src/oci writes to. */
const actionLogger = {
    debug: m => core/* debug */.Yz(escapeCommands(m)),
    info: m => core/* info */.pq(escapeCommands(m)),
    warning: m => core/* warning */.$e(escapeCommands(m))
};

;// CONCATENATED MODULE: ./src/summary.ts
/** Human-readable byte count (binary units, as the runner's UI shows sizes). */
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
/** Escapes text from an artifact for a Markdown table cell (it could otherwise inject markup). */
function cell(text) {
    return text.replace(/[\\`*_{}[\]<>()#+!|]/g, c => `\\${c}`).replace(/\r?\n/g, ' ');
}
/** Text from an artifact as a Markdown code span in a table: only backticks, pipes and newlines matter there. */
function code(text) {
    return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`';
}
/** Renders the summary as Markdown. */
function renderSummary(r) {
    const lines = [];
    lines.push(`### ${r.verb} ${code(r.reference ?? r.subject ?? '')}`, '');
    if (r.digest)
        lines.push(`- **Digest:** ${code(r.digest)}`);
    if (r.artifactType)
        lines.push(`- **Artifact type:** ${code(r.artifactType)}`);
    if (r.tags?.length)
        lines.push(`- **Tags:** ${r.tags.map(code).join(', ')}`);
    if (r.size !== undefined)
        lines.push(`- **Size:** ${formatBytes(r.size)}`);
    if (r.transferredBytes !== undefined) {
        lines.push(`- **Transferred:** ${formatBytes(r.transferredBytes)}; **already in place:** ${formatBytes(r.skippedBytes ?? 0)}`);
    }
    if (r.upToDate) {
        lines.push('- **Up to date:** every tag already pointed at this digest, so nothing needed sending');
    }
    const c = r.cache;
    if (c?.fromRegistry !== undefined && !r.dryRun) {
        lines.push(`- **Blob cache:** ${formatBytes(c.fromCache ?? 0)} from the cache, ${formatBytes(c.fromRegistry)} from the registry, ${formatBytes(c.upToDate ?? 0)} already up to date${c.enabled ? '' : ' (cache off)'}`);
    }
    if (c?.hashed !== undefined) {
        lines.push(`- **Hashing:** ${formatBytes(c.hashed)} read and hashed; ${formatBytes(c.remembered ?? 0)} unchanged since last hashed on this runner${c.enabled ? '' : ' (cache off)'}`);
    }
    if (r.dryRun)
        lines.push('- **Dry run:** nothing was written');
    if (r.rows.length) {
        lines.push('', '| File | Size | Media type | Status |', '| --- | ---: | --- | --- |');
        for (const row of r.rows) {
            lines.push(`| ${cell(row.name)} | ${formatBytes(row.size)} | ${code(row.mediaType)} | ${row.action} |`);
        }
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The action: read inputs → run one command → set outputs and the job summary. The one place that
 * turns an error into a failed step. Each command is imported when it runs (a chunk of its own):
 * `tag` and `inspect` never load the file and tar code, and a bad input fails before any of it.
 */





const USER_AGENT = 'oci-model-action/0.1';
/** Runs one command for an already-validated request. */
async function runCommand(req, ctx) {
    switch (req.command) {
        case 'push':
            return core/* group */.Os(`Push ${req.files.length} file(s)`, async () => (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(679), __webpack_require__.e(628)]).then(__webpack_require__.bind(__webpack_require__, 8628))).push(req, ctx));
        case 'pull':
            return core/* group */.Os(`Pull into ${req.output}`, async () => (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(6), __webpack_require__.e(679), __webpack_require__.e(703)]).then(__webpack_require__.bind(__webpack_require__, 8703))).pull(req, ctx));
        case 'tag':
            return core/* group */.Os(`Tag ${req.tags.join(', ')}`, async () => (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(679), __webpack_require__.e(466)]).then(__webpack_require__.bind(__webpack_require__, 2466))).tag(req, ctx));
        case 'copy':
            return core/* group */.Os('Copy', async () => (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(679), __webpack_require__.e(725)]).then(__webpack_require__.bind(__webpack_require__, 7725))).copyCommand(req, ctx));
        case 'tags':
            return (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(679), __webpack_require__.e(657)]).then(__webpack_require__.bind(__webpack_require__, 2038))).listTags(req, ctx);
        case 'inspect':
            return (await Promise.all(/* import() */[__webpack_require__.e(323), __webpack_require__.e(679), __webpack_require__.e(526)]).then(__webpack_require__.bind(__webpack_require__, 5526))).inspect(req, ctx);
    }
}
/** Sets the step outputs of a result. */
function setOutputs(r) {
    if (r.digest !== undefined)
        core/* setOutput */.uH('digest', r.digest);
    if (r.reference !== undefined)
        core/* setOutput */.uH('reference', r.reference);
    if (r.manifest !== undefined)
        core/* setOutput */.uH('manifest', r.manifest);
    if (r.size !== undefined)
        core/* setOutput */.uH('size', String(r.size));
    if (r.tags)
        core/* setOutput */.uH('tags', JSON.stringify(r.tags));
    if (r.files)
        core/* setOutput */.uH('files', JSON.stringify(r.files));
    if (r.cacheHit)
        core/* setOutput */.uH('cache-hit', r.cacheHit);
}
/** The action's entry point. */
async function run() {
    // SIGINT/SIGTERM (a cancelled job) stop the action at once, removing its temporaries.
    handleInterrupts();
    try {
        const masked = new Set();
        // Once per secret: the client reports a token each time it uses it.
        const mask = (secret) => {
            if (!masked.has(secret))
                core/* setSecret */.Pq(secret);
            masked.add(secret);
        };
        // Secrets are masked before anything else can print them.
        for (const name of ['password', 'github-token']) {
            const secret = core/* getInput */.V4(name);
            if (secret)
                mask(secret);
        }
        const req = (0,inputs/* readRequest */["in"])(name => core/* getInput */.V4(name));
        const ctx = { logger: actionLogger, mask, userAgent: USER_AGENT };
        const result = await runCommand(req, ctx);
        setOutputs(result);
        core/* info */.pq(`${result.verb} ${result.reference ?? result.subject ?? ''}`);
        if (process.env.GITHUB_STEP_SUMMARY)
            await core/* summary */.z.addRaw(renderSummary(result)).write();
    }
    catch (e) {
        core/* setFailed */.C1(escapeCommands(e instanceof Error ? e.message : String(e)));
    }
}


/***/ }),

/***/ 9213:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DG: () => (/* binding */ restoreOnInterrupt),
/* harmony export */   Se: () => (/* binding */ runInterruptActions),
/* harmony export */   vY: () => (/* binding */ removeOnInterrupt)
/* harmony export */ });
/* unused harmony exports onInterrupt, pendingInterruptActions */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What to undo when the process is interrupted (SIGINT/SIGTERM) before a `finally` can run: temp
 * files, staging folders, a folder moved aside for its replacement. Every action is synchronous,
 * so that a signal handler can run them all and exit at once. Actions are safe to run at any time:
 * removing a temp file that was already renamed into place finds nothing.
 */

const actions = new Map();
let next = 0;
/** Registers an action for an interruption; the returned function unregisters it. */
function onInterrupt(action) {
    const id = next++;
    actions.set(id, action);
    return () => {
        actions.delete(id);
    };
}
/** Registers the removal of a temp file or folder (recursive); returns its unregistration. */
function removeOnInterrupt(path) {
    return onInterrupt(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { recursive: true, force: true }));
}
/**
 * Registers "put `moved` back at `original` unless something took its place" for a folder moved
 * aside while its replacement is renamed in: an interruption between the two renames must leave
 * the old folder, not nothing.
 */
function restoreOnInterrupt(moved, original) {
    return onInterrupt(() => {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(moved))
            return;
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(original))
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(moved, { recursive: true, force: true });
        else
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(moved, original);
    });
}
/**
 * Runs every registered action, newest first (each one's failure is ignored), and forgets them
 * unless `keep`; returns how many ran. Actions are idempotent, so running them twice is harmless:
 * a signal handler runs them, lets file operations already in flight land, and runs them again.
 */
function runInterruptActions(keep = false) {
    let n = 0;
    for (const [id, action] of [...actions].reverse()) {
        if (!keep)
            actions.delete(id);
        try {
            action();
            n++;
        }
        catch {
            // Best effort: the next action may still succeed.
        }
    }
    return n;
}
/** Actions registered now (tests). */
function pendingInterruptActions() {
    return actions.size;
}


/***/ }),

/***/ 8825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   QC: () => (/* binding */ createDigester),
/* harmony export */   QN: () => (/* binding */ digestBytes),
/* harmony export */   RV: () => (/* binding */ verifyBytes),
/* harmony export */   SC: () => (/* binding */ VerifyingStream),
/* harmony export */   TM: () => (/* binding */ digestFile),
/* harmony export */   m: () => (/* binding */ parseDigest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8630);
/**
 * Digests: parsing, streaming computation and verification (image-spec "Digests").
 * Only sha256 and sha512 are accepted: an unknown algorithm could not be verified, so it is refused.
 */




const ENCODED_LENGTH = { sha256: 64, sha512: 128 };
/** Parses `algorithm:hex`, refusing unknown algorithms and malformed encodings. */
function parseDigest(digest) {
    const i = digest.indexOf(':');
    if (i <= 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedError */ .Wt(`invalid digest "${clip(digest)}": expected algorithm:hex`);
    const algorithm = digest.slice(0, i);
    const encoded = digest.slice(i + 1);
    const length = ENCODED_LENGTH[algorithm];
    if (length === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedError */ .Wt(`unsupported digest algorithm "${clip(algorithm)}" in ${clip(digest)}: only sha256 and sha512 can be verified`);
    }
    if (encoded.length !== length || !/^[a-f0-9]+$/.test(encoded)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedError */ .Wt(`invalid ${algorithm} digest "${clip(digest)}": expected ${length} lowercase hex characters`);
    }
    return { algorithm: algorithm, encoded };
}
/** True when the string is a digest this client can verify. */
function isDigest(digest) {
    try {
        parseDigest(digest);
        return true;
    }
    catch {
        return false;
    }
}
/** Creates a hash for the digest's algorithm (sha256 when none is given). */
function createDigester(algorithm = 'sha256') {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
}
/** Digest of an in-memory buffer. */
function digestBytes(data, algorithm = 'sha256') {
    return `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(data).digest('hex')}`;
}
/**
 * Digest and size of a file, read in 1 MiB pieces into one reused buffer (never loaded whole, and no
 * fresh buffer per read for the garbage collector to chase: hashing is synchronous, so the buffer
 * is free again as soon as update() returns).
 */
async function digestFile(path, algorithm = 'sha256') {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
    const buf = Buffer.allocUnsafe(1 << 20);
    let size = 0;
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
    try {
        for (;;) {
            const { bytesRead } = await fh.read(buf, 0, buf.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buf.subarray(0, bytesRead));
            size += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
    return { digest: `${algorithm}:${hash.digest('hex')}`, size };
}
/**
 * VerifyingStream passes bytes through while hashing them, and fails the stream when more bytes than
 * `size` arrive, or when the stream ends short or with another digest. A consumer therefore never
 * sees a clean end of stream for content that is wrong.
 *
 * `resumeFrom` lets a resumed transfer continue an existing hash state (the bytes before the offset
 * were already hashed and written).
 */
class VerifyingStream extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform {
    expectedDigest;
    expectedSize;
    what;
    hash;
    received;
    constructor(expectedDigest, expectedSize, resumeFrom, what = 'blob') {
        super();
        this.expectedDigest = expectedDigest;
        this.expectedSize = expectedSize;
        this.what = what;
        const { algorithm } = parseDigest(expectedDigest);
        this.hash = resumeFrom?.hash ?? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
        this.received = resumeFrom?.offset ?? 0;
    }
    /** Bytes seen so far, including any resumed offset. */
    get bytesReceived() {
        return this.received;
    }
    _transform(chunk, _enc, done) {
        this.received += chunk.length;
        if (this.received > this.expectedSize) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DigestMismatchError */ .h(`${this.expectedSize} bytes`, `more than ${this.expectedSize} bytes`, `${this.what} ${this.expectedDigest}`));
            return;
        }
        this.hash.update(chunk);
        done(null, chunk);
    }
    _flush(done) {
        if (this.received !== this.expectedSize) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DigestMismatchError */ .h(`${this.expectedSize} bytes`, `${this.received} bytes`, `${this.what} ${this.expectedDigest}`));
            return;
        }
        const { algorithm } = parseDigest(this.expectedDigest);
        const actual = `${algorithm}:${this.hash.digest('hex')}`;
        if (actual !== this.expectedDigest) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DigestMismatchError */ .h(this.expectedDigest, actual, `${this.what} ${this.expectedDigest}`));
            return;
        }
        done();
    }
}
/** Verifies an in-memory buffer against a digest and size; throws DigestMismatchError otherwise. */
function verifyBytes(data, digest, size, what = 'content') {
    if (size !== undefined && data.length !== size) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DigestMismatchError */ .h(`${size} bytes`, `${data.length} bytes`, `${what} ${digest}`);
    }
    const { algorithm } = parseDigest(digest);
    const actual = digestBytes(data, algorithm);
    if (actual !== digest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DigestMismatchError */ .h(digest, actual, `${what} ${digest}`);
}
function clip(s) {
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}


/***/ }),

/***/ 8630:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   D_: () => (/* binding */ UnauthorizedError),
/* harmony export */   Mf: () => (/* binding */ OciError),
/* harmony export */   TM: () => (/* binding */ RateLimitedError),
/* harmony export */   Vb: () => (/* binding */ ManifestInvalidError),
/* harmony export */   Wt: () => (/* binding */ UnsupportedError),
/* harmony export */   X1: () => (/* binding */ RegistryResponseError),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   iC: () => (/* binding */ DeniedError),
/* harmony export */   iT: () => (/* binding */ toError),
/* harmony export */   m_: () => (/* binding */ NotFoundError),
/* harmony export */   oC: () => (/* binding */ InvalidInputError),
/* harmony export */   ud: () => (/* binding */ NoSpaceError),
/* harmony export */   x_: () => (/* binding */ InvalidReferenceError)
/* harmony export */ });
/**
 * Errors of the registry client: one base class, a few kinds that callers branch on, and a response
 * error that carries what the registry said. Messages say what went wrong and what to do about it.
 */
/** OciError is the base of every error the client throws on purpose. */
class OciError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = new.target.name;
    }
}
/** InvalidReferenceError: a reference string that the distribution grammar does not accept. */
class InvalidReferenceError extends OciError {
}
/** InvalidInputError: a caller-supplied value (file, annotation, option) that cannot be used. */
class InvalidInputError extends OciError {
}
/** NotFoundError: a manifest, blob or tag that the target does not have. */
class NotFoundError extends OciError {
}
/** UnsupportedError: content the client refuses to handle (unknown digest algorithm, media type). */
class UnsupportedError extends OciError {
}
/** DigestMismatchError: content whose bytes do not hash to the digest (or size) it was named by. */
class DigestMismatchError extends OciError {
    expected;
    actual;
    constructor(expected, actual, what = 'content') {
        super(`${what} failed verification: expected ${expected}, got ${actual}`);
        this.expected = expected;
        this.actual = actual;
    }
}
/** CancelledError: work stopped on purpose (another part of the operation failed); never retried. */
class CancelledError extends OciError {
}
/** NoSpaceError: the disk (or quota) is full; nothing half-written was left behind. */
class NoSpaceError extends OciError {
}
/** ManifestInvalidError: a manifest or index that is not valid JSON of a known kind, or too large. */
class ManifestInvalidError extends OciError {
}
/**
 * RegistryResponseError: an HTTP response the client did not expect. It carries the method, the URL
 * (query and credentials stripped), the status and the registry's parsed error codes.
 */
class RegistryResponseError extends OciError {
    method;
    url;
    status;
    errors;
    /** The response's `Retry-After`, as sent, when it had one. */
    retryAfter;
    constructor(method, url, status, errors = [], hint = '') {
        const codes = errors.map(e => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ');
        super(`${method} ${url} returned ${status}${codes ? ` (${codes})` : ''}${hint ? `. ${hint}` : ''}`);
        this.method = method;
        this.url = url;
        this.status = status;
        this.errors = errors;
    }
}
/** UnauthorizedError: 401 after authenticating; the credentials are missing or wrong. */
class UnauthorizedError extends RegistryResponseError {
}
/** DeniedError: 403; the credentials are valid but lack permission for this repository. */
class DeniedError extends RegistryResponseError {
}
/** RateLimitedError: 429 that outlasted the retries. */
class RateLimitedError extends RegistryResponseError {
}
/** Strips credentials, query string and fragment from a URL so it can appear in a message. */
function redactUrl(url) {
    try {
        const u = new URL(String(url));
        u.username = '';
        u.password = '';
        u.search = '';
        u.hash = '';
        return u.toString();
    }
    catch {
        return '<invalid url>';
    }
}
/** Normalises anything thrown into an Error. */
function toError(e) {
    return e instanceof Error ? e : new Error(String(e));
}


/***/ }),

/***/ 9217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $T: () => (/* binding */ MANIFEST_MEDIA_TYPES),
/* harmony export */   $p: () => (/* binding */ OCI_INDEX),
/* harmony export */   CM: () => (/* binding */ isManifestMediaType),
/* harmony export */   EG: () => (/* binding */ OCI_MANIFEST),
/* harmony export */   Hw: () => (/* binding */ isValidMediaType),
/* harmony export */   TF: () => (/* binding */ OCI_CONFIG),
/* harmony export */   TY: () => (/* binding */ FOLDER_MEDIA_TYPE),
/* harmony export */   Uq: () => (/* binding */ MODEL_ARTIFACT_TYPE),
/* harmony export */   Vv: () => (/* binding */ DOCKER_MANIFEST),
/* harmony export */   e_: () => (/* binding */ mediaTypeForFile),
/* harmony export */   g1: () => (/* binding */ OCI_EMPTY),
/* harmony export */   kA: () => (/* binding */ INDEX_MEDIA_TYPES),
/* harmony export */   m6: () => (/* binding */ DOCKER_MANIFEST_LIST)
/* harmony export */ });
/* unused harmony exports OCI_LAYER, OCI_LAYER_GZIP, DOCKER_CONFIG, DEFAULT_FILE_MEDIA_TYPE */
/** Media types of the OCI image spec, Docker's manifest formats and common model files. */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
/** The empty descriptor's media type (image-spec 1.1, "Guidance for an Empty Descriptor"). */
const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
/** Manifest kinds the client reads, in the order they are offered in `Accept`. */
const MANIFEST_MEDIA_TYPES = [
    OCI_MANIFEST,
    OCI_INDEX,
    DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST
];
/** Index kinds (a manifest whose children are manifests). */
const INDEX_MEDIA_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST];
/** True when the media type names a manifest or index rather than a blob. */
function isManifestMediaType(mediaType) {
    return MANIFEST_MEDIA_TYPES.includes(mediaType);
}
/** Default artifact type of a pushed model (when `artifact-type` is not given). */
const MODEL_ARTIFACT_TYPE = 'application/vnd.oci-model-action.model.v1';
/** Default media type of a file layer whose extension is unknown (as oras does). */
const DEFAULT_FILE_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';
/** Media type of a packed folder (oras writes the gzip layer type with the unpack annotation). */
const FOLDER_MEDIA_TYPE = OCI_LAYER_GZIP;
const EXTENSION_MEDIA_TYPES = {
    '.safetensors': 'application/vnd.safetensors',
    '.gguf': 'application/vnd.gguf',
    '.onnx': 'application/vnd.onnx',
    '.json': 'application/json',
    '.bin': 'application/octet-stream',
    '.pt': 'application/vnd.pytorch',
    '.pth': 'application/vnd.pytorch',
    '.ckpt': 'application/octet-stream',
    '.h5': 'application/x-hdf5',
    '.keras': 'application/vnd.keras',
    '.pb': 'application/x-protobuf',
    '.tflite': 'application/vnd.tflite',
    '.npy': 'application/x-npy',
    '.npz': 'application/x-npz',
    '.pkl': 'application/x-pickle',
    '.model': 'application/octet-stream',
    '.txt': 'text/plain',
    '.md': 'text/markdown',
    '.yaml': 'application/yaml',
    '.yml': 'application/yaml',
    '.csv': 'text/csv',
    '.tar': OCI_LAYER,
    '.gz': 'application/gzip',
    '.tgz': OCI_LAYER_GZIP,
    '.zip': 'application/zip'
};
/** Guesses a layer media type from a file name's extension; unknown extensions get the oras default. */
function mediaTypeForFile(fileName) {
    const lower = fileName.toLowerCase();
    const dot = lower.lastIndexOf('.');
    if (dot < 0)
        return DEFAULT_FILE_MEDIA_TYPE;
    return EXTENSION_MEDIA_TYPES[lower.slice(dot)] ?? DEFAULT_FILE_MEDIA_TYPE;
}
/** RFC 6838 media type shape: type/subtype with optional +suffix and parameters. */
const MEDIA_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(;.*)?$/;
/** True when the string has the shape of a media type. */
function isValidMediaType(mediaType) {
    return MEDIA_TYPE_RE.test(mediaType);
}


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Vp: () => (/* binding */ parseAnyReference),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB, LAYOUT_PREFIX, parseReference, parseLayoutReference, referenceSelector */
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8825);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8630);
/**
 * References: `[registry/]repository[:tag][@digest]`, parsed and normalised as docker does
 * (distribution/reference grammar), and `oci-layout:PATH[:TAG|@DIGEST]` for on-disk layouts.
 */


/** Docker Hub's canonical name and the host its API really lives on. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
// distribution/reference grammar (reference/regexp.go), anchored pieces.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;
const LAYOUT_PREFIX = 'oci-layout:';
/** Parses `oci-layout:…` or a registry reference. */
function parseAnyReference(input) {
    if (input.startsWith(LAYOUT_PREFIX))
        return { kind: 'layout', ref: parseLayoutReference(input) };
    return { kind: 'registry', ref: parseReference(input) };
}
/** True when the tag matches the distribution tag grammar (1–128 word characters, dots, dashes). */
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
/**
 * Parses a registry reference the way docker does: a first component with a dot or colon, or
 * `localhost`, is a registry host; otherwise the reference is on Docker Hub, where a single-component
 * name is in `library/`.
 */
function parseReference(input) {
    const s = input.trim();
    if (s === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_('reference is empty: expected registry/repository[:tag][@digest]');
    let rest = s;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        checkDigest(digest, s);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    // A colon after the last slash is a tag separator; one before it belongs to a host:port.
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG_RE.test(tag)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid tag "${tag}" in reference "${s}": a tag is 1 to 128 characters of letters, digits, _, . and -, not starting with . or -`);
        }
    }
    if (rest === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`reference "${s}" has no repository name`);
    if (rest.length > NAME_MAX) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`repository name in "${clip(s)}" is longer than ${NAME_MAX} characters`);
    }
    let registry = DOCKER_HUB;
    let repository = rest;
    const slash = rest.indexOf('/');
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        // distribution/reference splitDockerDomain: a first component with a dot, a colon, an
        // uppercase letter (never valid in a path), or `localhost` names a registry.
        if (first.includes('.') ||
            first.includes(':') ||
            first === 'localhost' ||
            first.startsWith('[') ||
            first !== first.toLowerCase()) {
            registry = first;
            repository = rest.slice(slash + 1);
        }
    }
    if (registry !== DOCKER_HUB && !DOMAIN_RE.test(registry)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid registry host "${registry}" in reference "${s}"`);
    }
    if (registry === 'index.docker.io')
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    if (repository !== repository.toLowerCase() && PATH_RE.test(repository.toLowerCase())) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`repository name "${repository}" in reference "${s}" must be lowercase: use "${repository.toLowerCase()}"`);
    }
    if (!PATH_RE.test(repository)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid repository name "${repository}" in reference "${s}": use lowercase letters, digits and separators (., _, __, -) between slash-separated components`);
    }
    const ref = { registry, repository };
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    return ref;
}
/** Parses `oci-layout:PATH[:TAG|@DIGEST]`; the tag separator is a colon after the path's last slash. */
function parseLayoutReference(input) {
    if (!input.startsWith(LAYOUT_PREFIX)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`"${input}" is not an oci-layout: reference`);
    }
    let rest = input.slice(LAYOUT_PREFIX.length);
    let digest;
    let tag;
    const at = rest.lastIndexOf('@');
    if (at >= 0 && DIGEST_RE.test(rest.slice(at + 1))) {
        digest = rest.slice(at + 1);
        checkDigest(digest, input);
        rest = rest.slice(0, at);
    }
    else {
        const lastSlash = rest.lastIndexOf('/');
        const colon = rest.lastIndexOf(':');
        if (colon > lastSlash && colon > 0) {
            tag = rest.slice(colon + 1);
            rest = rest.slice(0, colon);
            if (!TAG_RE.test(tag)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid tag "${tag}" in "${input}": a tag is 1 to 128 characters of letters, digits, _, . and -`);
            }
        }
    }
    if (rest === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`"${input}" has no path: use oci-layout:PATH[:TAG|@DIGEST]`);
    }
    const ref = { path: rest };
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    return ref;
}
/** The host the registry API is reached at (Docker Hub's API lives on another host). */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** Formats `registry/repository[:tag][@digest]`. */
function formatReference(ref) {
    return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** The tag or digest to resolve: the digest wins when both are given (as docker does). */
function referenceSelector(ref) {
    return ref.digest ?? ref.tag;
}
/** Loopback hosts, where plain http is allowed without asking (as docker does). */
function isLoopbackHost(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
/** A digest must match the grammar and be one this client can verify (sha256/sha512, exact length). */
function checkDigest(digest, input) {
    if (!DIGEST_RE.test(digest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid digest in reference "${clip(input)}": expected algorithm:hex, e.g. @sha256:<64 hex characters>`);
    }
    try {
        (0,_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDigest */ .m)(digest);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`invalid digest in reference "${clip(input)}": ${e.message}`);
    }
}
function clip(s) {
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}


/***/ })

};
