import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("meetings", "0002_share_token_and_presenter"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="source_lesson",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="adoptions",
                to="learning.lesson",
            ),
        ),
    ]
