// A throwaway certificate for 127.0.0.1 and localhost, made with openssl when first asked for and
// kept for the life of the process. Tests that start a child process hand it the certificate with
// NODE_EXTRA_CA_CERTS; in-process clients take it as their `ca`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TestCert = { key: string; cert: string; certPath: string };

let made: TestCert | null = null;

export function testCertificate(): TestCert {
  if (made) return made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cert-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', keyPath, '-out', certPath,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    throw new Error(`the fake Graph needs openssl to make its test certificate (apt-get install openssl): ${(err as Error).message}`);
  }
  made = { key: fs.readFileSync(keyPath, 'utf8'), cert: fs.readFileSync(certPath, 'utf8'), certPath };
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return made;
}
