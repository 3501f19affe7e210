from django.db import migrations


def forget_stored_months(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Stored months were added up before the return counted imported referrals: the sweep recomputes them,
    # and until it has, the return counts those months live.
    apps.get_model("reports", "MonthFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_dirty_month_triggers")]

    operations = [migrations.RunPython(forget_stored_months, migrations.RunPython.noop)]
