# The risk register's models, moved from the facilities app with their tables as they
# are (db_table keeps the old names): state only, no table or row is touched.

import django.core.validators
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0003_audit_unshare_action'),
        ('facilities', '0004_risk_models_moved'),
        ('protection', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OrganisationMatrix',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('based_on', models.CharField(max_length=255)),
                        ('data', models.JSONField()),
                        ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='risk_matrix', to='core.organisation')),
                    ],
                    options={
                        'db_table': 'facilities_organisationmatrix',
                    },
                ),
                migrations.CreateModel(
                    name='RiskAssessment',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('method', models.CharField(choices=[('quantitative', 'Quantitative: R = P_A x (1 - P_E) x C'), ('qualitative', 'Qualitative: likelihood x consequence matrix')], max_length=16, verbose_name='method')),
                        ('matrix', models.JSONField(blank=True, default=dict)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('facility', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='risk_assessments', to='facilities.facility')),
                    ],
                    options={
                        'db_table': 'facilities_riskassessment',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='RiskEntry',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('p_attack', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='P_A')),
                        ('p_interruption', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='P_I')),
                        ('p_neutralisation', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='P_N')),
                        ('consequence', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='C (0-100)')),
                        ('inherent_likelihood', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('inherent_consequence', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('current_likelihood', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('current_consequence', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('rationale', models.TextField(blank=True, verbose_name='rationale')),
                        ('p_interruption_basis', models.JSONField(blank=True, default=dict, editable=False)),
                        ('residual_basis', models.JSONField(blank=True, default=dict, editable=False)),
                        ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='risk.riskassessment')),
                        ('diagram_version', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='protection.protectiondiagramversion')),
                        ('protection_diagram', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='risk_entries', to='protection.protectiondiagram', verbose_name='protection diagram')),
                        ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='risk_entries', to='facilities.scenario')),
                    ],
                    options={
                        'db_table': 'facilities_riskentry',
                        'ordering': ['scenario__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Measure',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('practice_urns', models.JSONField(blank=True, default=list, verbose_name='compendium practices')),
                        ('rbps_topics', models.JSONField(blank=True, default=list, verbose_name='performance-standard topics')),
                        ('owner', models.CharField(blank=True, max_length=200, verbose_name='owner')),
                        ('cost', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='cost')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done')], default='proposed', max_length=16, verbose_name='status')),
                        ('proposed_p_interruption', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='P_I with the measure')),
                        ('proposed_likelihood', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='likelihood with the measure')),
                        ('proposed_consequence', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='consequence with the measure')),
                        ('protection_changes', models.JSONField(blank=True, default=list, verbose_name='protection changes')),
                        ('protection_basis', models.JSONField(blank=True, default=dict, editable=False)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='risk.riskentry')),
                    ],
                    options={
                        'db_table': 'facilities_measure',
                        'ordering': ['due_date', 'title'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='riskentry',
                    constraint=models.UniqueConstraint(fields=('assessment', 'scenario'), name='one_entry_per_scenario'),
                ),
            ],
            database_operations=[],
        ),
    ]
