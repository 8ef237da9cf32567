/** Accounts: the owners of keys and uploads, each on a plan. */
import type { Db } from './db.ts';
import { randomBase62 } from '../ids.ts';
import type { PlanName } from '../limits/plans.ts';

export interface Account {
  id: string;
  name: string;
  plan: PlanName;
  /** Storage quota in bytes; null means the plan's default. */
  storageQuotaBytes: number | null;
  /** Earnings per thousand views. */
  ratePerMille: number;
  currency: string;
  createdAt: string;
}

interface AccountRow {
  id: string;
  name: string;
  plan: PlanName;
  storage_quota_bytes: number | null;
  rate_per_mille: number;
  currency: string;
  created_at: string;
}

function fromRow(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    plan: row.plan,
    storageQuotaBytes: row.storage_quota_bytes,
    ratePerMille: row.rate_per_mille,
    currency: row.currency,
    createdAt: row.created_at,
  };
}

export class AccountRepository {
  constructor(private readonly db: Db) {}

  /** Creates an account and returns it. */
  create(input: {
    name: string;
    plan: PlanName;
    ratePerMille?: number;
    currency?: string;
    storageQuotaBytes?: number | null;
  }): Account {
    const account: Account = {
      id: `acc_${randomBase62(12)}`,
      name: input.name,
      plan: input.plan,
      storageQuotaBytes: input.storageQuotaBytes ?? null,
      ratePerMille: input.ratePerMille ?? 0,
      currency: input.currency ?? 'USD',
      createdAt: new Date().toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO accounts (id, name, plan, storage_quota_bytes, rate_per_mille, currency, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        account.id,
        account.name,
        account.plan,
        account.storageQuotaBytes,
        account.ratePerMille,
        account.currency,
        account.createdAt,
      );
    return account;
  }

  get(id: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as
      AccountRow | undefined;
    return row && fromRow(row);
  }

  list(): Account[] {
    const rows = this.db
      .prepare('SELECT * FROM accounts ORDER BY created_at')
      .all() as AccountRow[];
    return rows.map(fromRow);
  }

  /** Returns the account's total stored bytes, for the quota check. */
  storedBytes(id: string): number {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(size_bytes), 0) AS total FROM uploads WHERE account_id = ?')
      .get(id) as { total: number };
    return row.total;
  }
}
