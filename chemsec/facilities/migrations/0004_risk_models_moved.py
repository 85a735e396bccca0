# The risk register's models moved to the risk app (chemsec/risk), which keeps their
# tables under the names they have here. State only: no table or row is touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0003_measure_what_if_stored'),
        ('protection', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Measure'),
                migrations.DeleteModel(name='RiskEntry'),
                migrations.DeleteModel(name='RiskAssessment'),
                migrations.DeleteModel(name='OrganisationMatrix'),
            ],
            database_operations=[],
        ),
    ]
