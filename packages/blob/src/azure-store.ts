// Blob store on Azure Blob Storage (or Azurite). One container per environment, created on first use.
// Artifact links are SAS URLs minted on demand: signed with the account key when connected by connection
// string, or with a user delegation key when connected by managed identity (no key in the process at all).
import { createHash } from 'node:crypto';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
  type UserDelegationKey,
} from '@azure/storage-blob';
import { assertBlobKey } from './fs-store.ts';
import { assertWithinCap } from './limits.ts';
import type { BlobStore, StoredBlob } from './types.ts';

export interface AzureBlobStoreOptions {
  container: string;
  /** Account-key connection string (Azurite, or a key kept in Key Vault). */
  connectionString?: string;
  /** https://<account>.blob.core.windows.net, used with a token credential (managed identity). */
  accountUrl?: string;
  /** Client id of a user-assigned managed identity; unset uses DefaultAzureCredential. */
  managedIdentityClientId?: string;
  /** Overrides the credential built from managedIdentityClientId (tests, workload identity). */
  credential?: TokenCredential;
  maxBytes?: number;
}

const SHA256_META = 'sha256';
// A user delegation key may live 7 days; one key signs every link until an hour before it runs out.
const DELEGATION_KEY_MS = 7 * 24 * 3600 * 1000 - 60_000;
const DELEGATION_MARGIN_MS = 3600 * 1000;

function serviceClientFor(opts: AzureBlobStoreOptions): BlobServiceClient {
  if (opts.connectionString) return BlobServiceClient.fromConnectionString(opts.connectionString);
  if (!opts.accountUrl) {
    throw new Error('Azure blob store: set a connection string or an account URL (managed identity)');
  }
  const credential =
    opts.credential ??
    (opts.managedIdentityClientId
      ? new ManagedIdentityCredential({ clientId: opts.managedIdentityClientId })
      : new DefaultAzureCredential());
  return new BlobServiceClient(opts.accountUrl, credential);
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Uint8Array> {
  if (!stream) return new Uint8Array();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const isNotFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

export function createAzureBlobStore(opts: AzureBlobStoreOptions): BlobStore {
  const service = serviceClientFor(opts);
  const container: ContainerClient = service.getContainerClient(opts.container);
  const sharedKey = service.credential instanceof StorageSharedKeyCredential ? service.credential : null;
  let ensured: Promise<unknown> | null = null;
  let delegation: UserDelegationKey | null = null;

  // Created once per process; a failed attempt is forgotten so the next call tries again.
  const ensureContainer = () => {
    ensured ??= container.createIfNotExists().catch((e) => {
      ensured = null;
      throw e;
    });
    return ensured;
  };

  async function delegationKeyFor(expiresAt: Date): Promise<UserDelegationKey> {
    const now = Date.now();
    if (delegation && delegation.signedExpiresOn.getTime() >= expiresAt.getTime() + DELEGATION_MARGIN_MS) {
      return delegation;
    }
    // Started a little in the past: the service and this process need not agree on the clock to the second.
    delegation = await service.getUserDelegationKey(
      new Date(now - 5 * 60_000),
      new Date(now + DELEGATION_KEY_MS),
    );
    return delegation;
  }

  return {
    backend: 'azure',
    async put(key, body, contentType): Promise<StoredBlob> {
      assertBlobKey(key);
      assertWithinCap(key, body, opts.maxBytes);
      await ensureContainer();
      const checksum = createHash('sha256').update(body).digest('hex');
      await container.getBlockBlobClient(key).uploadData(body, {
        blobHTTPHeaders: {
          blobContentType: contentType,
          // Kept by the service and returned on every download, so a client can check what it received.
          blobContentMD5: createHash('md5').update(body).digest(),
        },
        metadata: { [SHA256_META]: checksum },
      });
      return { key, contentType, sizeBytes: body.byteLength, checksum };
    },
    async get(key) {
      assertBlobKey(key);
      try {
        const res = await container.getBlobClient(key).download();
        const body = await readAll(res.readableStreamBody);
        const want = res.metadata?.[SHA256_META];
        if (want && createHash('sha256').update(body).digest('hex') !== want) {
          throw new Error(`blob ${key}: checksum mismatch on download`);
        }
        return { body, contentType: res.contentType ?? 'application/octet-stream' };
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
    async directUrl(key, expiresAt) {
      assertBlobKey(key);
      const blob = container.getBlobClient(key);
      const values = {
        containerName: opts.container,
        blobName: key,
        permissions: BlobSASPermissions.parse('r'),
        expiresOn: expiresAt,
      };
      const sas = sharedKey
        ? generateBlobSASQueryParameters(values, sharedKey)
        : generateBlobSASQueryParameters(values, await delegationKeyFor(expiresAt), service.accountName);
      return `${blob.url}?${sas.toString()}`;
    },
    async delete(key) {
      assertBlobKey(key);
      const res = await container.getBlobClient(key).deleteIfExists({ deleteSnapshots: 'include' });
      return res.succeeded;
    },
    async check() {
      await ensureContainer();
      await container.getProperties();
    },
  };
}
