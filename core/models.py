from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Portal user. Municipal users get their roles through organisations.Membership;
    IMDi staff through the groups named in organisations.roles."""

    title = models.CharField(_("stillingstittel"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # The language the user's e-mails are written in (core.notifications activates it).
    language = models.CharField(_("språk"), max_length=10, choices=settings.LANGUAGES, default="nb")

    class NoticeDelivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Straks, ett varsel per e-post")
        DAILY = "daily", _("Samlet i ett daglig varsel")

    # Issue 15: each user chooses whether notices come at once or in one daily digest.
    notice_delivery = models.CharField(
        _("varsler"), max_length=10, choices=NoticeDelivery.choices, default=NoticeDelivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self):
        return self.get_full_name() or self.username


class CaseEvent(models.Model):
    """Immutable case log entry: who did what to which case, and the state before and after.

    Written only by core.services.case_event_record; never updated or deleted, except that an
    application's events from before its submission get the case number once it is assigned
    (core.services.case_events_case_number_assign), so the case reads as one timeline."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "core.User",
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("id i saken"))
    subject = GenericForeignKey("content_type", "object_id")
    # The case (application's case number) the event belongs to; blank for events not tied to
    # one case (a payout batch, a call, an organisation) and for drafts not yet submitted.
    case_number = models.CharField(_("saksnummer"), max_length=12, blank=True, default="")
    action = models.CharField(_("hendelse"), max_length=60)
    from_state = models.CharField(_("fra status"), max_length=40, blank=True)
    to_state = models.CharField(_("til status"), max_length=40, blank=True)
    message = models.TextField(_("melding"), blank=True)
    data = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sakshendelse")
        verbose_name_plural = _("sakslogg")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            models.Index(fields=["case_number", "created_at", "id"], name="core_caseevent_case_idx"),
            # The admin's case log, newest first (its first page without a sort of the whole log).
            models.Index(fields=["-created_at", "-id"], name="core_caseevent_newest_idx"),
            # Its event filter, a page at a time by key (core.admin_case_log.KeysetChangeList).
            models.Index(fields=["action", "-created_at", "-id"], name="core_caseevent_action_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.label}"

    @property
    def label(self):
        from core.case_event_labels import EVENT_LABELS, UNKNOWN_EVENT

        return EVENT_LABELS.get(self.action, UNKNOWN_EVENT)


class Notification(models.Model):
    """One e-mail to one recipient, written by core.notifications.notification_send and
    delivered (once, with retries) by the Celery task core.tasks.notification_deliver.

    `key` names the event and the recipient, so a notice exists once however often the code
    that sends it runs."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Kvittering for innsendt søknad")
        DECISION_LETTER = "decision_letter", _("Vedtaksbrev")
        GRANT_LETTER = "grant_letter", _("Tilskuddsbrev")
        ACCEPTANCE_REMINDER = "acceptance_reminder", _("Påminnelse om aksept")
        ACCEPTANCE_OVERDUE = "acceptance_overdue", _("Akseptfristen er passert")
        DEADLINE_EXTENDED = "deadline_extended", _("Ny frist for aksept")
        REPORT_RETURNED = "report_returned", _("Rapport returnert")
        REPORT_REMINDER = "report_reminder", _("Påminnelse om rapport")
        REPORT_OVERDUE = "report_overdue", _("Purring på rapport")
        # Hand-offs (issue 15): the case changes hands, and the one who has it now is told.
        SENT_FOR_APPROVAL = "sent_for_approval", _("Søknad til godkjenning")
        SENT_BACK = "sent_back", _("Søknad sendt tilbake")
        DECISION_RETURNED = "decision_returned", _("Vedtaksforslag returnert")
        DECISION_RESUBMITTED = "decision_resubmitted", _("Returnert vedtaksforslag sendt på nytt")
        REPORT_SUBMITTED = "report_submitted", _("Rapport sendt inn")
        REPORT_APPROVED = "report_approved", _("Rapport godkjent")
        MESSAGE_RECEIVED = "message_received", _("Ny melding i sak")
        # Organisations' own users (issue 14).
        JOIN_REQUESTED = "join_requested", _("Forespørsel om tilgang mottatt")
        JOIN_APPROVED = "join_approved", _("Forespørsel om tilgang godkjent")
        JOIN_REFUSED = "join_refused", _("Forespørsel om tilgang avslått")
        INFO_REQUESTED = "info_requested", _("IMDi ber om mer informasjon")
        INFO_ANSWERED = "info_answered", _("Svar til IMDi til godkjenning")
        INFO_RESUBMITTED = "info_resubmitted", _("Søknad sendt inn på nytt med mer informasjon")
        INFO_REMINDER = "info_reminder", _("Påminnelse om svar til IMDi")
        GRANT_REQUEST_RECEIVED = "grant_request_received", _("Ønske om endring i tilskudd")
        CHANGE_REQUEST_DECIDED = "change_request_decided", _("Svar på ønske om endring")
        DIGEST = "digest", _("Daglig samlevarsel")
        # A reaction's due process (issue 12 item 5): notice, reply, decision, appeal.
        REACTION_NOTICE = "reaction_notice", _("Forhåndsvarsel om reaksjon")
        REACTION_REPLY = "reaction_reply", _("Merknader til forhåndsvarsel")
        REACTION_DECISION = "reaction_decision", _("Vedtak om reaksjon")
        REACTION_APPEAL = "reaction_appeal", _("Klage på vedtak om reaksjon")
        # An appeal against a dismissal written in the portal, and IMDi's handling of it.
        DISMISSAL_APPEAL = "dismissal_appeal", _("Klage på vedtak om avvisning")
        RECEPTION_OFFER = "reception_offer", _("Tilbud om integreringsmottak")

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("feilet")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    case_number = models.CharField(_("saksnummer"), max_length=12, blank=True, db_index=True)
    user = models.ForeignKey(
        "core.User",
        verbose_name=_("mottaker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    address = models.EmailField(_("e-postadresse"))
    language = models.CharField(_("språk"), max_length=10)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    # Files to attach at delivery: [{"name", "path" (in default storage), "mimetype"}].
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # Held for the recipient's daily digest (User.notice_delivery), and the digest that carried it.
    held = models.BooleanField(_("venter på samlevarsel"), default=False)
    digest = models.ForeignKey(
        "self", verbose_name=_("samlevarsel"), null=True, blank=True, on_delete=models.PROTECT, related_name="carried"
    )

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="core_notification_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.address}"

    # Delivery is the notification's whole lifecycle (queued → sent, queued/failed → failed →
    # sent): no actor and no case event, so these two methods are its state machine. Only
    # core.notifications.notification_deliver calls them, under the row lock.
    def delivery_failed(self, error: str) -> None:
        if self.status == self.Status.SENT:
            raise ValueError("A sent notification cannot fail.")
        self.status = self.Status.FAILED
        self.last_error = error[:2000]
        self.save(update_fields=["status", "attempts", "last_error"])

    def digest_included(self, digest, at) -> None:
        """Sent as part of the recipient's daily digest (core.notifications.notification_digests_send)."""
        if self.status == self.Status.SENT:
            raise ValueError("A notification is sent once.")
        self.status = self.Status.SENT
        self.sent_at = at
        self.digest = digest
        self.save(update_fields=["status", "sent_at", "digest"])

    def delivery_succeeded(self, at) -> None:
        if self.status == self.Status.SENT:
            raise ValueError("A notification is sent once.")
        self.status = self.Status.SENT
        self.sent_at = at
        self.last_error = ""
        self.save(update_fields=["status", "attempts", "last_error", "sent_at"])


class SweepRun(models.Model):
    """One run of a periodic sweep (Celery beat job) and what it did."""

    name = models.CharField(_("jobb"), max_length=80, db_index=True)
    started_at = models.DateTimeField(_("startet"))
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    summary = models.JSONField(_("resultat"), default=dict, blank=True)
    error = models.TextField(_("feil"), blank=True)

    class Meta:
        verbose_name = _("kjøring av daglig jobb")
        verbose_name_plural = _("kjøringer av daglige jobber")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.name} {self.started_at:%d.%m.%Y %H:%M}"


class PrivateAttachment(models.Model):
    """An uploaded file checked by core.uploads.attachment_check: stored under MEDIA_ROOT/private
    by its SHA-256 (never by the uploaded name) and served only through permission-checked
    views. Subclasses add the owner and the `file` field with their own folder."""

    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name it downloads as: extension from the checked content type, name cleaned
        (also for rows stored before names were cleaned on upload)."""
        from core.uploads import attachment_download_name

        return attachment_download_name(self.original_name, self.content_type)


class Job(models.Model):
    """Long work done off the request path (core.jobs): a whole year's export, a PDF that takes
    long to render. The request only enqueues; a Celery task runs it, writing its progress here;
    the result is a private file in the project's storage (the disk or S3, core/storage.py),
    downloaded through a permission-checked view.

    `key` names the work and who asked: while one job with a key is queued or running, the same
    request gets that job back (the database holds at most one active job per key)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("type"), max_length=60)
    title = models.CharField(_("jobb"), max_length=200)
    owner = models.ForeignKey("core.User", verbose_name=_("bestilt av"), on_delete=models.PROTECT, related_name="jobs")
    # The organisation whose case it concerns (its members may read it); none for IMDi's work.
    # An id, not a key: core knows no organisations (the layers), the job kind's rule reads it.
    organisation_id = models.PositiveIntegerField(_("organisasjon"), null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("ferdig"), default=0)
    progress_total = models.PositiveIntegerField(_("totalt"), default=0)
    result = models.FileField(upload_to="private/jobs/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("feil"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("jobb")
        verbose_name_plural = _("jobber")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="core_job_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")), name="core_job_progress_bounded"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        if self.is_done:
            return 100
        if not self.progress_total:
            return 0
        return int(100 * self.progress_done / self.progress_total)

    # The job's state is written row-wise (a worker's progress must show while it runs, outside
    # any transaction of the work itself): these are the only status changes of a job.
    def mark_running(self) -> None:
        from django.utils import timezone

        now = timezone.now()
        self.status, self.started_at, self.attempts = self.Status.RUNNING, self.started_at or now, self.attempts + 1
        Job.objects.filter(pk=self.pk).update(
            status=self.status, started_at=self.started_at, attempts=models.F("attempts") + 1
        )

    def progress_set(self, done: int, total: int) -> None:
        total = max(total, 0)
        done = min(max(done, 0), total)
        self.progress_done, self.progress_total = done, total
        Job.objects.filter(pk=self.pk).update(progress_done=done, progress_total=total)

    def mark_done(self) -> None:
        from django.utils import timezone

        self.status, self.finished_at, self.error = self.Status.DONE, timezone.now(), ""
        self.progress_done = self.progress_total
        self.save(
            update_fields=[
                "status",
                "finished_at",
                "error",
                "progress_done",
                "result",
                "result_name",
                "result_content_type",
            ]
        )

    def mark_failed(self, message: str) -> None:
        from django.utils import timezone

        self.status, self.finished_at, self.error = self.Status.FAILED, timezone.now(), message[:2000]
        Job.objects.filter(pk=self.pk).update(status=self.status, finished_at=self.finished_at, error=self.error)
