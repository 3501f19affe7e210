"""Whether a referral has ever been listed at a MARAC (kept by MARAC's trigger: marac 0009; never taken away:
listed_at_marac_stays), left out of the referral's change history. Its index is built concurrently, in 0017, so
a live referrals table takes writes meanwhile."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0005_person_merge'),
        ('providers', '0002_signpost_rules_for_districts_outside_kidas'),
        ('referrals', '0015_checklist_question_order_by_column'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='referral',
            name='update_update',
        ),
        migrations.AddField(
            model_name='referral',
            name='listed_at_marac',
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='referral',
            trigger=pgtrigger.compiler.Trigger(name='listed_at_marac_stays', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT NEW."listed_at_marac" AND OLD."listed_at_marac")', func='NEW.listed_at_marac := true; RETURN NEW;', hash='b5fe93ace89da86a56d3308430b65701027a87f7', operation='UPDATE', pgid='pgtrigger_listed_at_marac_stays_9cd96', table='referrals_referral', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='referral',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."address_line_1" IS DISTINCT FROM (NEW."address_line_1") OR OLD."address_line_2" IS DISTINCT FROM (NEW."address_line_2") OR OLD."allocated_worker_id" IS DISTINCT FROM (NEW."allocated_worker_id") OR OLD."channel" IS DISTINCT FROM (NEW."channel") OR OLD."circumstances" IS DISTINCT FROM (NEW."circumstances") OR OLD."code_word" IS DISTINCT FROM (NEW."code_word") OR OLD."consent_given" IS DISTINCT FROM (NEW."consent_given") OR OLD."consent_refusal_reason" IS DISTINCT FROM (NEW."consent_refusal_reason") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."date_of_birth" IS DISTINCT FROM (NEW."date_of_birth") OR OLD."disabilities" IS DISTINCT FROM (NEW."disabilities") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."duplicate_of_id" IS DISTINCT FROM (NEW."duplicate_of_id") OR OLD."first_name" IS DISTINCT FROM (NEW."first_name") OR OLD."gender" IS DISTINCT FROM (NEW."gender") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."interpreter_needed" IS DISTINCT FROM (NEW."interpreter_needed") OR OLD."is_repeat" IS DISTINCT FROM (NEW."is_repeat") OR OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."last_decline_reason" IS DISTINCT FROM (NEW."last_decline_reason") OR OLD."last_name" IS DISTINCT FROM (NEW."last_name") OR OLD."perpetrator_has_phone_access" IS DISTINCT FROM (NEW."perpetrator_has_phone_access") OR OLD."perpetrator_lives_with_victim" IS DISTINCT FROM (NEW."perpetrator_lives_with_victim") OR OLD."perpetrator_name" IS DISTINCT FROM (NEW."perpetrator_name") OR OLD."perpetrator_relationship" IS DISTINCT FROM (NEW."perpetrator_relationship") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."postcode" IS DISTINCT FROM (NEW."postcode") OR OLD."pronouns" IS DISTINCT FROM (NEW."pronouns") OR OLD."provider_id" IS DISTINCT FROM (NEW."provider_id") OR OLD."received_at" IS DISTINCT FROM (NEW."received_at") OR OLD."referrer_contact" IS DISTINCT FROM (NEW."referrer_contact") OR OLD."referrer_name" IS DISTINCT FROM (NEW."referrer_name") OR OLD."referrer_organisation" IS DISTINCT FROM (NEW."referrer_organisation") OR OLD."repeat_of_id" IS DISTINCT FROM (NEW."repeat_of_id") OR OLD."risk_level" IS DISTINCT FROM (NEW."risk_level") OR OLD."routing_explanation" IS DISTINCT FROM (NEW."routing_explanation") OR OLD."routing_rule_id" IS DISTINCT FROM (NEW."routing_rule_id") OR OLD."safe_email" IS DISTINCT FROM (NEW."safe_email") OR OLD."safe_phone" IS DISTINCT FROM (NEW."safe_phone") OR OLD."safe_times" IS DISTINCT FROM (NEW."safe_times") OR OLD."service_id" IS DISTINCT FROM (NEW."service_id") OR OLD."source" IS DISTINCT FROM (NEW."source") OR OLD."state" IS DISTINCT FROM (NEW."state") OR OLD."state_changed_at" IS DISTINCT FROM (NEW."state_changed_at") OR OLD."survivor_id" IS DISTINCT FROM (NEW."survivor_id") OR OLD."town" IS DISTINCT FROM (NEW."town") OR OLD."voicemail_allowed" IS DISTINCT FROM (NEW."voicemail_allowed"))', func='INSERT INTO "audit_referralevent" ("address_line_1", "address_line_2", "allocated_worker_id", "channel", "circumstances", "code_word", "consent_given", "consent_refusal_reason", "created_at", "created_by_id", "date_of_birth", "disabilities", "district_id", "duplicate_of_id", "first_name", "gender", "id", "interpreter_needed", "is_repeat", "language", "last_decline_reason", "last_name", "perpetrator_has_phone_access", "perpetrator_lives_with_victim", "perpetrator_name", "perpetrator_relationship", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "postcode", "pronouns", "provider_id", "received_at", "referrer_contact", "referrer_name", "referrer_organisation", "repeat_of_id", "risk_level", "routing_explanation", "routing_rule_id", "safe_email", "safe_phone", "safe_times", "service_id", "source", "state", "state_changed_at", "survivor_id", "town", "voicemail_allowed") VALUES (NEW."address_line_1", NEW."address_line_2", NEW."allocated_worker_id", NEW."channel", NEW."circumstances", NEW."code_word", NEW."consent_given", NEW."consent_refusal_reason", NEW."created_at", NEW."created_by_id", NEW."date_of_birth", NEW."disabilities", NEW."district_id", NEW."duplicate_of_id", NEW."first_name", NEW."gender", NEW."id", NEW."interpreter_needed", NEW."is_repeat", NEW."language", NEW."last_decline_reason", NEW."last_name", NEW."perpetrator_has_phone_access", NEW."perpetrator_lives_with_victim", NEW."perpetrator_name", NEW."perpetrator_relationship", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."postcode", NEW."pronouns", NEW."provider_id", NEW."received_at", NEW."referrer_contact", NEW."referrer_name", NEW."referrer_organisation", NEW."repeat_of_id", NEW."risk_level", NEW."routing_explanation", NEW."routing_rule_id", NEW."safe_email", NEW."safe_phone", NEW."safe_times", NEW."service_id", NEW."source", NEW."state", NEW."state_changed_at", NEW."survivor_id", NEW."town", NEW."voicemail_allowed"); RETURN NULL;', hash='d83a1e029dbd648cee29398aac97e77c01e249a1', operation='UPDATE', pgid='pgtrigger_update_update_223e7', table='referrals_referral', when='AFTER')),
        ),
    ]
