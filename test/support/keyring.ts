import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv } from './cli.js';
import { forSuite } from './lifecycle.js';
import { onPath } from './on-path.js';
import { requirePeer } from './require-peer.js';
import { killGroup, stopGroup } from './spawn-collected.js';

export type Keyring = {
  /** DBUS_SESSION_BUS_ADDRESS, XDG_* and HOME of the private session: merge into a child's env. */
  env: Record<string, string>;
  stop(): Promise<void>;
};

type Internals = { password: string; control: string };

const LOGIN = '/org/freedesktop/secrets/collection/login';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const internals = new WeakMap<Keyring, Internals>();
const live = new Set<ChildProcess>();
let exitHook = false;

// True when dbus-daemon, dbus-send and gnome-keyring-daemon are on PATH.
export function keyringAvailable(): boolean {
  return ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon'].every(onPath);
}

// Gate a suite on a private Secret Service (see requirePeer): true when its programs are on PATH.
export function keyringPresent(): boolean {
  return requirePeer('Secret Service (dbus + gnome-keyring)', keyringAvailable());
}

// A private keyring for the suite: started before its tests, stopped after them.
export function useKeyring(use: (keyring: Keyring) => void): void {
  forSuite({ create: startKeyring, dispose: (keyring) => keyring.stop() }, use);
}

// Start a private D-Bus session bus with an unlocked gnome-keyring Secret Service in temp dirs.
export async function startKeyring(): Promise<Keyring> {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-kr-'));
  const dirs = { run: join(root, 'run'), data: join(root, 'data'), home: join(root, 'home') };
  const cfg = { config: join(root, 'config'), cache: join(root, 'cache') };
  for (const dir of [...Object.values(dirs), ...Object.values(cfg)]) {
    mkdirSync(dir, { mode: 0o700 });
  }
  const children: ChildProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const child of [...children].reverse()) await stopChild(child);
      rmSync(root, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    const busConfig = join(root, 'bus.conf');
    writeFileSync(busConfig, busConfigXml(join(dirs.run, 'bus')));
    const bus = spawnDaemon('dbus-daemon', [
      `--config-file=${busConfig}`,
      '--nofork',
      '--print-address=1',
    ]);
    children.push(bus);
    const address = await firstLine(bus, 'dbus-daemon');
    const env: Record<string, string> = {
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_RUNTIME_DIR: dirs.run,
      XDG_DATA_HOME: dirs.data,
      XDG_CONFIG_HOME: cfg.config,
      XDG_CACHE_HOME: cfg.cache,
      HOME: dirs.home,
    };
    const password = randomBytes(12).toString('hex');
    const gkd = spawnDaemon(
      'gnome-keyring-daemon',
      ['--foreground', '--unlock', '--components=secrets'],
      env,
    );
    children.push(gkd);
    gkd.stdin?.end(password);
    await waitForSecrets(env, gkd);
    const keyring: Keyring = { env, stop };
    internals.set(keyring, { password, control: join(dirs.run, 'keyring', 'control') });
    return keyring;
  } catch (err) {
    await stop();
    throw err;
  }
}

// Lock the login collection (Secret Service Lock); reads then fail: "unlock prompt was dismissed".
export async function lockKeyring(k: Keyring): Promise<void> {
  await dbusSend(k.env, [
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock',
    `array:objpath:${LOGIN}`,
  ]);
  if (!(await keyringLocked(k))) throw new Error('login collection did not lock');
}

// Unlock the login collection the way pam_gnome_keyring does: the password over the control socket.
export async function unlockKeyring(k: Keyring): Promise<void> {
  const inner = internals.get(k);
  if (!inner) throw new Error('not a keyring from startKeyring()');
  const result = await controlUnlock(inner.control, inner.password);
  if (result !== 0) throw new Error(`gnome-keyring refused to unlock (control result ${result})`);
}

// Whether the login collection is locked now.
export async function keyringLocked(k: Keyring): Promise<boolean> {
  const out = await dbusSend(k.env, [
    '--dest=org.freedesktop.secrets',
    LOGIN,
    'org.freedesktop.DBus.Properties.Get',
    'string:org.freedesktop.Secret.Collection',
    'string:Locked',
  ]);
  return /boolean true/.test(out);
}

function busConfigXml(socket: string): string {
  // No service directories: nothing gets D-Bus-activated behind our back (no stray daemons).
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

function spawnDaemon(
  cmd: string,
  args: string[],
  extra: Record<string, string> = {},
): ChildProcess {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...extra };
  const child = spawn(cmd, args, {
    env,
    detached: true, // own process group, killed as a whole by stop()
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.on('error', () => {}); // reported by firstLine/waitForSecrets through 'exit'/'close'
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const c of live) killGroup(c.pid);
    });
  }
  return child;
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} printed no address:\n${err}`)), 5000);
    child.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-2000);
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl).trim());
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${name}: ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${err}`));
    });
  });
}

async function waitForSecrets(env: Record<string, string>, gkd: ChildProcess): Promise<void> {
  let err = '';
  gkd.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-2000);
  });
  gkd.stdout?.resume();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gkd.exitCode !== null || gkd.signalCode !== null) {
      throw new Error(`gnome-keyring-daemon exited:\n${err}`);
    }
    const out = await dbusSend(env, [
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ]).catch(() => '');
    if (/boolean true/.test(out)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`org.freedesktop.secrets got no owner within ${READY_TIMEOUT_MS} ms:\n${err}`);
}

function dbusSend(env: Record<string, string>, args: string[]): Promise<string> {
  const full = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env };
  return new Promise((resolve, reject) => {
    execFile(
      'dbus-send',
      ['--session', '--print-reply', '--reply-timeout=5000', ...args],
      { env: full, timeout: 10_000 },
      (e, stdout, stderr) =>
        e ? reject(new Error(`dbus-send: ${stderr || e.message}`)) : resolve(stdout),
    );
  });
}

function controlUnlock(path: string, password: string): Promise<number> {
  // Wire format (gkd-control): a credentials byte 0, then big-endian u32s
  // [packet length][op 1 = UNLOCK][password length][password]; answer [8][result].
  const pw = Buffer.from(password);
  const req = Buffer.alloc(13 + pw.length);
  req.writeUInt32BE(12 + pw.length, 1);
  req.writeUInt32BE(1, 5);
  req.writeUInt32BE(pw.length, 9);
  pw.copy(req, 13);
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    let got = Buffer.alloc(0);
    sock.setTimeout(5000, () => sock.destroy(new Error('gnome-keyring control socket timed out')));
    sock.once('connect', () => sock.write(req));
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 8) {
        sock.end();
        resolve(got.readUInt32BE(4));
      }
    });
    sock.once('error', reject);
    sock.once('close', () => reject(new Error('gnome-keyring control socket closed early')));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  await stopGroup(child, STOP_GRACE_MS);
  live.delete(child);
}

// Run secret-tool against keyring's private session; resolves with its stdout and stderr.
export function runSecretTool(keyring: Keyring, ...args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      'secret-tool',
      args,
      { env: cliEnv({ HOME: keyring.env.HOME ?? '/', ...keyring.env }), timeout: 10_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout + stderr),
    );
  });
}
