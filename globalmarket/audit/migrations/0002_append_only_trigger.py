from django.db import migrations

from globalmarket.audit.append_only import refuse_change_sql


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [refuse_change_sql("audit_logs")]
