{{/* Labels of every object; workloads add "se.selector" (which carries the instance). */}}
{{- define "se.baseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: semantic-explorer
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
{{- end -}}

{{- define "se.labels" -}}
{{ include "se.baseLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "se.selector" -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
{{- end -}}

{{/* Connection settings every workload reads. */}}
{{- define "se.commonEnv" -}}
- { name: DATABASE_HOST, value: {{ .Values.postgresql.host | quote }} }
- { name: DATABASE_PORT, value: {{ .Values.postgresql.port | quote }} }
- { name: DATABASE_NAME, value: {{ .Values.postgresql.database | quote }} }
- { name: DATABASE_USER, value: {{ .Values.postgresql.username | quote }} }
- { name: DATABASE_SSL_MODE, value: {{ .Values.postgresql.sslMode | quote }} }
- name: DATABASE_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ .Values.secretName }}, key: database-password } }
- { name: NATS_URL, value: {{ .Values.nats.url | quote }} }
- { name: NATS_REPLICAS, value: {{ .Values.nats.streamReplicas | quote }} }
- { name: QDRANT_URL, value: {{ .Values.qdrant.url | quote }} }
- { name: S3_ENDPOINT, value: {{ .Values.storage.s3.endpoint | quote }} }
- { name: S3_REGION, value: {{ .Values.storage.s3.region | quote }} }
- { name: S3_BUCKET, value: {{ .Values.storage.s3.bucket | quote }} }
- name: AWS_ACCESS_KEY_ID
  valueFrom: { secretKeyRef: { name: {{ .Values.secretName }}, key: s3-access-key-id } }
- name: AWS_SECRET_ACCESS_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.secretName }}, key: s3-secret-access-key } }
- name: ENCRYPTION_MASTER_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.secretName }}, key: encryption-master-key } }
- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: {{ .Values.otel.endpoint | quote }} }
{{- end -}}
