"""PostgreSQL enforces the ledger's rules itself: balanced at commit, rows never change."""

from django.db import migrations

from globalmarket.audit.append_only import PostgresSQL, refuse_change_sql

BALANCED = """
CREATE OR REPLACE FUNCTION gm_ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    txn_id bigint;
    bad record;
    legs integer;
BEGIN
    IF TG_TABLE_NAME = 'ledger_entries' THEN
        txn_id := NEW.transaction_id;
    ELSE
        txn_id := NEW.id;
    END IF;
    SELECT count(*) INTO legs FROM ledger_entries WHERE transaction_id = txn_id;
    IF legs < 2 THEN
        RAISE EXCEPTION 'ledger transaction % has % legs, needs at least 2', txn_id, legs
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT currency, sum(amount) AS total INTO bad FROM ledger_entries
        WHERE transaction_id = txn_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced: % % ', txn_id, bad.total, bad.currency
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_ledger_check_balanced();
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_ledger_check_balanced();
"""

UNBALANCED_DROP = """
DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries;
DROP TRIGGER IF EXISTS ledger_transactions_balanced ON ledger_transactions;
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial"), ("audit", "0002_append_only_trigger")]

    operations = [
        PostgresSQL(BALANCED, reverse_sql=UNBALANCED_DROP),
        refuse_change_sql("ledger_transactions"),
        refuse_change_sql("ledger_entries"),
    ]
