# The stakeholders' network's organisation kinds (chemsec/network): choices only, no schema change.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_job_cancel"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("secretariat", "International secretariat"),
                    ("national_authority", "National authority"),
                    ("facility_operator", "Facility operator"),
                    ("distributor", "Distributor or supplier"),
                    ("academia", "Academia or research"),
                    ("igo_ngo", "IGO or NGO"),
                    ("other", "Other"),
                    ("intergovernmental", "Intergovernmental organisation"),
                    ("industry_association", "Industry association"),
                    ("un_body", "United Nations body"),
                    ("regional_centre", "Regional centre"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
    ]
