"""The schema as of 0013_standards, squashed from the thirteen migrations it
replaces (a database that has them all applied takes this one as applied).

Besides the models: on PostgreSQL the pg_trgm extension and trigram indexes
for finding similar claims (SQLite has neither, and skips them), and the seed
data, the default ratings and the role groups with their permissions. The old
data migrations that only rewrote existing rows (verdict snapshots of
citations and claimants, contributors from authors) have no work on a fresh
database and are not carried over."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from factcheck.core.ratings import seed_ratings
from factcheck.core.roles import sync_roles

TRIGRAM_INDEXES = [
    ("core_claim_text_trgm", "core_claim", "text"),
    ("core_verdict_claim_text_trgm", "core_verdict", "claim_text"),
]


class PostgresOnlyTrigramExtension(TrigramExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def seed(apps, schema_editor):
    seed_ratings(apps.get_model("core", "Rating"))
    sync_roles(apps)


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("core", "0001_initial"),
        ("core", "0002_roles"),
        ("core", "0003_claims"),
        ("core", "0004_rating_scale_and_roles"),
        ("core", "0005_revision_reanchor_summary"),
        ("core", "0006_claim_verdict_version"),
        ("core", "0007_verdict_snapshot_citations"),
        ("core", "0008_trust_contributors_public_record"),
        ("core", "0009_claim_search"),
        ("core", "0010_desk"),
        ("core", "0011_claim_annotation_id"),
        ("core", "0012_processing"),
        ("core", "0013_standards"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # sync_roles creates the permissions and groups.
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='Counter',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('value', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='Rating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=60, unique=True)),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('description', models.TextField()),
                ('ordinal', models.PositiveSmallIntegerField(blank=True, help_text='ClaimReview ratingValue (1 = worst). Empty for ratings off the true/false scale.', null=True)),
                ('colour', models.CharField(help_text='Hex colour, e.g. #1b7f3b.', max_length=7)),
                ('icon', models.CharField(help_text='A symbol shown beside the colour.', max_length=4)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('is_active', models.BooleanField(default=True, help_text='Inactive ratings cannot be chosen.')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('worker_id', models.CharField(max_length=64, primary_key=True, serialize=False)),
                ('seen_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.PositiveIntegerField(null=True)),
                ('end', models.PositiveIntegerField(null=True)),
                ('selector', models.JSONField(default=list)),
                ('quote', models.TextField()),
                ('text', models.TextField(verbose_name='Claim')),
                ('claimant', models.CharField(blank=True, max_length=300)),
                ('claimant_type', models.CharField(choices=[('Person', 'Person'), ('Organization', 'Organization')], default='Person', max_length=12)),
                ('claim_date', models.DateField(blank=True, help_text='When the claim was made (said or published).', null=True)),
                ('notes', models.TextField(blank=True)),
                ('summary', models.CharField(blank=True, max_length=300)),
                ('rationale', models.TextField(blank=True, help_text='Markdown.')),
                ('rationale_html', models.TextField(blank=True, editable=False)),
                ('correction_note', models.TextField(blank=True, help_text='Shown to readers when a published verdict is corrected.')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('changes_requested', 'Changes requested'), ('published', 'Published'), ('retracted', 'Retracted')], default='draft', max_length=20)),
                ('status_note', models.TextField(blank=True, help_text='Why changes were requested, or the public retraction note.')),
                ('retracted_at', models.DateTimeField(blank=True, null=True)),
                ('anchor_state', models.CharField(choices=[('anchored', 'Anchored'), ('unchanged', 'Unchanged'), ('moved', 'Moved'), ('fuzzy', 'Needs confirming'), ('orphaned', 'Orphaned')], default='anchored', max_length=12)),
                ('anchor_score', models.FloatField(blank=True, null=True)),
                ('annotation_id', models.CharField(blank=True, default='', editable=False, max_length=500)),
                ('version', models.PositiveIntegerField(default=1)),
                ('verdict_version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to=settings.AUTH_USER_MODEL)),
                ('contributors', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('same_as', models.ForeignKey(blank=True, help_text='An earlier published fact-check of the same claim.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appearances', to='core.claim')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rating', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='core.rating')),
            ],
            options={
                'ordering': ['source', 'start', 'pk'],
                'permissions': [('publish_claim', 'Can approve and publish claims, or send them back'), ('retract_claim', 'Can retract published claims')],
            },
        ),
        migrations.CreateModel(
            name='Citation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField(default=0)),
                ('url', models.URLField(max_length=2000, verbose_name='URL')),
                ('archived_url', models.URLField(blank=True, help_text='e.g. a Wayback Machine address.', max_length=2000, verbose_name='Archived copy')),
                ('title', models.CharField(max_length=300)),
                ('publisher', models.CharField(blank=True, max_length=200)),
                ('quote', models.TextField(blank=True)),
                ('stance', models.CharField(choices=[('supports', 'Supports the claim'), ('refutes', 'Refutes the claim'), ('context', 'Context')], default='context', max_length=10)),
                ('accessed_on', models.DateField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citations', to='core.claim')),
            ],
            options={
                'ordering': ['claim', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='NotificationPreferences',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email_assigned', models.BooleanField(default=True, verbose_name='Email me when work is assigned to me')),
                ('email_sent_back', models.BooleanField(default=True, verbose_name='Email me when my work is sent back')),
                ('email_published', models.BooleanField(default=True, verbose_name='Email me when my work is published')),
                ('email_suggestion', models.BooleanField(default=True, verbose_name='Email me about reader suggestions on my claims')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'notification preferences',
            },
        ),
        migrations.CreateModel(
            name='Revision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('text', models.TextField()),
                ('sha256', models.CharField(max_length=64)),
                ('origin', models.CharField(choices=[('paste', 'Pasted text'), ('upload', 'Uploaded file'), ('command', 'Command line'), ('demo', 'Demo data')], default='paste', max_length=10)),
                ('filename', models.CharField(blank=True, max_length=255)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('reanchor_summary', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['source', 'number'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='revision',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='core.revision'),
        ),
        migrations.CreateModel(
            name='Sentence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('index', models.PositiveIntegerField()),
                ('paragraph', models.PositiveIntegerField()),
                ('start', models.PositiveIntegerField()),
                ('end', models.PositiveIntegerField()),
                ('anchor', models.CharField(max_length=80)),
                ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sentences', to='core.revision')),
            ],
            options={
                'ordering': ['revision', 'index'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='first_sentence',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.sentence'),
        ),
        migrations.AddField(
            model_name='claim',
            name='last_sentence',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.sentence'),
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=300)),
                ('slug', models.SlugField(max_length=120, unique=True)),
                ('kind', models.CharField(choices=[('article', 'Article'), ('comment', 'Comment'), ('transcript', 'Transcript'), ('report', 'Report'), ('social', 'Social media post'), ('other', 'Other')], default='article', max_length=20)),
                ('byline', models.CharField(blank=True, max_length=300)),
                ('origin_url', models.URLField(blank=True, max_length=1000)),
                ('published_on', models.DateField(blank=True, null=True)),
                ('language', models.CharField(choices=[('am', 'Amharic'), ('ar', 'Arabic'), ('hy', 'Armenian'), ('bg', 'Bulgarian'), ('my', 'Burmese'), ('da', 'Danish'), ('nl', 'Dutch'), ('en', 'English'), ('fr', 'French'), ('de', 'German'), ('el', 'Greek'), ('hi', 'Hindi'), ('it', 'Italian'), ('ja', 'Japanese'), ('kk', 'Kazakh'), ('mr', 'Marathi'), ('fa', 'Persian'), ('pl', 'Polish'), ('ru', 'Russian'), ('sk', 'Slovak'), ('es', 'Spanish'), ('ur', 'Urdu'), ('zh', 'zh')], default='en', max_length=16)),
                ('made_public', models.BooleanField(default=False, help_text='Show the source to readers before its first fact-check is published.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-updated_at'],
            },
        ),
        migrations.AddField(
            model_name='revision',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='core.source'),
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('assigned', 'Assigned to you'), ('sent_back', 'Sent back to you'), ('published', 'Published'), ('suggestion', 'Reader suggestion')], max_length=20)),
                ('message', models.CharField(max_length=300)),
                ('url', models.CharField(max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('emailed', models.BooleanField(default=False)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('claim', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.claim')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.source')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Ingestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('source', 'New source'), ('revision', 'New revision'), ('annotations', 'Annotation import')], max_length=12)),
                ('status', models.CharField(choices=[('queued', 'Waiting for a worker'), ('running', 'Processing'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=8)),
                ('progress', models.PositiveSmallIntegerField(default=0)),
                ('stage', models.CharField(blank=True, max_length=100)),
                ('error', models.TextField(blank=True)),
                ('text', models.TextField(blank=True)),
                ('fields', models.JSONField(blank=True, default=dict)),
                ('result', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.revision')),
                ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='ingestions', to='core.source')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='core.source'),
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('action', models.CharField(db_index=True, max_length=40)),
                ('object_type', models.CharField(db_index=True, max_length=40)),
                ('object_id', models.PositiveBigIntegerField()),
                ('object_repr', models.CharField(max_length=200)),
                ('changes', models.JSONField(blank=True, default=dict)),
                ('note', models.TextField(blank=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='core.claim')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='core.source')),
            ],
            options={
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Assignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assigned_at', models.DateTimeField(auto_now=True)),
                ('assigned_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('assignee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to=settings.AUTH_USER_MODEL)),
                ('claim', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='assignment', to='core.claim')),
                ('source', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='assignment', to='core.source')),
            ],
            options={
                'ordering': ['-assigned_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Suggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message', models.TextField()),
                ('name', models.CharField(blank=True, max_length=200)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('status', models.CharField(choices=[('new', 'New'), ('accepted', 'Accepted'), ('dismissed', 'Dismissed')], default='new', max_length=10)),
                ('handled_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to='core.claim')),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Verdict',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('summary', models.CharField(max_length=300)),
                ('rationale', models.TextField()),
                ('rationale_html', models.TextField()),
                ('claim_text', models.TextField()),
                ('claimant', models.CharField(blank=True, max_length=300)),
                ('claimant_type', models.CharField(choices=[('Person', 'Person'), ('Organization', 'Organization')], default='Person', max_length=12)),
                ('claim_date', models.DateField(blank=True, null=True)),
                ('citations', models.JSONField(blank=True, default=list)),
                ('quote', models.TextField(blank=True)),
                ('start', models.PositiveIntegerField(blank=True, null=True)),
                ('end', models.PositiveIntegerField(blank=True, null=True)),
                ('correction_note', models.TextField(blank=True)),
                ('published_at', models.DateTimeField()),
                ('approved_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='core.claim')),
                ('contributors', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rating', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.rating')),
                ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.revision')),
            ],
            options={
                'ordering': ['claim', 'number'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='published_verdict',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.verdict'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.UniqueConstraint(fields=('revision', 'index'), name='sentence_index_unique'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.UniqueConstraint(fields=('revision', 'anchor'), name='sentence_anchor_unique'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='sentence_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='revision',
            constraint=models.UniqueConstraint(fields=('source', 'number'), name='revision_number_unique'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', 'read_at'], name='core_notifi_recipie_43dea6_idx'),
        ),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('claim__isnull', True), ('source__isnull', False)), models.Q(('claim__isnull', False), ('source__isnull', True)), _connector='OR'), name='assignment_one_object'),
        ),
        migrations.AddConstraint(
            model_name='verdict',
            constraint=models.UniqueConstraint(fields=('claim', 'number'), name='verdict_number_unique'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', 'updated_at'], name='core_claim_status_6be6c1_idx'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.UniqueConstraint(condition=models.Q(('annotation_id', ''), _negated=True), fields=('source', 'annotation_id'), name='claim_annotation_id_unique'),
        ),
        PostgresOnlyTrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
