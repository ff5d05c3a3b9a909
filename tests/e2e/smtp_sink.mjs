// A small SMTP server for the tests, on 127.0.0.1 only: it speaks enough of RFC 5321 (EHLO,
// STARTTLS, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT) to receive what localoffer sends, and keeps
// each message with how it arrived (TLS or not, who signed in). Nothing is relayed anywhere.
import net from 'node:net';
import tls from 'node:tls';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// A self-signed certificate for 127.0.0.1 made with the openssl command, in dir.
export function makeCertificate(dir) {
  const key = join(dir, 'sink-key.pem');
  const cert = join(dir, 'sink-cert.pem');
  const r = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: readFileSync(key), cert: readFileSync(cert), certFile: cert };
}

// options: { tls: {key, cert} to offer STARTTLS, users: {name: password} to require AUTH,
// rejectRecipients: true to refuse every RCPT }
export function startSink(options = {}) {
  const messages = [];
  const waiters = [];
  const server = net.createServer((raw) => {
    let socket = raw;
    let secure = false;
    let user = null;
    let buffer = '';
    let mode = 'command';
    let envelope = { from: null, to: [] };
    let data = [];
    let loginStep = null;
    let loginName = '';
    const send = (line) => socket.write(`${line}\r\n`);
    const extensions = () => {
      const ext = ['250-localhost', '250-8BITMIME'];
      if (options.tls && !secure) ext.push('250-STARTTLS');
      if (options.users) ext.push('250-AUTH PLAIN LOGIN');
      ext.push('250 SIZE 10485760');
      return ext;
    };
    const onLine = (line) => {
      if (mode === 'data') {
        if (line === '.') {
          mode = 'command';
          const text = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          const m = { ...envelope, text, secure, user };
          messages.push(m);
          for (const w of waiters.splice(0)) w();
          envelope = { from: null, to: [] };
          send('250 2.0.0 queued');
        } else {
          data.push(line);
        }
        return;
      }
      if (loginStep === 'user') { loginName = Buffer.from(line, 'base64').toString(); loginStep = 'pass'; send('334 UGFzc3dvcmQ6'); return; }
      if (loginStep === 'pass') {
        loginStep = null;
        const pass = Buffer.from(line, 'base64').toString();
        if (options.users?.[loginName] === pass) { user = loginName; send('235 2.7.0 ok'); } else send('535 5.7.8 bad credentials');
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') { for (const l of extensions()) send(l); return; }
      if (verb === 'STARTTLS' && options.tls && !secure) {
        send('220 2.0.0 go ahead');
        socket.removeAllListeners('data');
        const secured = new tls.TLSSocket(socket, { isServer: true, key: options.tls.key, cert: options.tls.cert });
        secured.on('data', onData);
        secured.on('error', () => {});
        socket = secured;
        secure = true;
        buffer = '';
        return;
      }
      if (verb === 'AUTH') {
        const [, mech, arg] = line.split(' ');
        if (mech?.toUpperCase() === 'PLAIN') {
          const [, name, pass] = Buffer.from(arg ?? '', 'base64').toString().split('\0');
          if (options.users?.[name] === pass) { user = name; send('235 2.7.0 ok'); } else send('535 5.7.8 bad credentials');
        } else if (mech?.toUpperCase() === 'LOGIN') { loginStep = 'user'; send('334 VXNlcm5hbWU6'); }
        else send('504 5.5.4 unknown mechanism');
        return;
      }
      if (verb === 'MAIL') {
        if (options.users && !user) { send('530 5.7.0 authentication required'); return; }
        envelope.from = line.match(/<([^>]*)>/)?.[1]; send('250 2.1.0 ok'); return;
      }
      if (verb === 'RCPT') {
        if (options.rejectRecipients) { send('550 5.1.1 no such user here'); return; }
        envelope.to.push(line.match(/<([^>]*)>/)?.[1]); send('250 2.1.5 ok'); return;
      }
      if (verb === 'DATA') { mode = 'data'; data = []; send('354 end with .'); return; }
      if (verb === 'QUIT') { send('221 2.0.0 bye'); socket.end(); return; }
      if (verb === 'RSET' || verb === 'NOOP') { send('250 ok'); return; }
      send('502 5.5.2 not implemented');
    };
    const onData = (chunk) => {
      buffer += chunk.toString('utf8');
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        onLine(line);
      }
    };
    raw.on('data', onData);
    raw.on('error', () => {});
    send('220 localhost ESMTP test sink');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        messages,
        // Resolves once `count` messages have arrived (or rejects after timeoutMs).
        waitFor(count, timeoutMs = 10_000) {
          return new Promise((res, rej) => {
            const check = () => { if (messages.length >= count) { clearTimeout(timer); res(messages); return true; } return false; };
            const timer = setTimeout(() => rej(new Error(`only ${messages.length} of ${count} messages arrived`)), timeoutMs);
            if (!check()) waiters.push(function again() { if (!check()) waiters.push(again); });
          });
        },
        close() { return new Promise((r) => server.close(r)); },
      });
    });
  });
}
