"""The applicant's answer to one of its area's own questions (schemes.AreaQuestion)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ANSWER_MAX_LENGTH = 4000


class AreaAnswer(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="area_answers")
    question = models.ForeignKey(
        "schemes.AreaQuestion", verbose_name=_("spørsmål"), on_delete=models.PROTECT, related_name="answers"
    )
    # Stored as text: "ja"/"nei" for yes/no, digits for a number, the text itself otherwise.
    value = models.TextField(_("svar"), max_length=ANSWER_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("svar på spørsmål for satsingsområdet")
        verbose_name_plural = _("svar på spørsmål for satsingsområdet")
        ordering = ["question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="area_answer_unique")]

    def __str__(self):
        return f"{self.question}: {self.display}"

    @property
    def display(self) -> str:
        if self.question.kind == "yes_no":
            return str({"ja": _("Ja"), "nei": _("Nei")}.get(self.value, self.value))
        return self.value
