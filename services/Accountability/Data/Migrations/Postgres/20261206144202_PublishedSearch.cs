using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PlanServices.Accountability.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PublishedSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_text",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    meeting_id = table.Column<string>(type: "character varying(64)", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    anchor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    heading = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_text", x => x.id);
                    table.ForeignKey(
                        name: "FK_published_text_published_packs_meeting_id_version",
                        columns: x => new { x.meeting_id, x.version },
                        principalTable: "published_packs",
                        principalColumns: new[] { "MeetingId", "Version" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_published_text_meeting_id_version",
                table: "published_text",
                columns: new[] { "meeting_id", "version" });

            // The full-text index: English text search over the heading (weighted above the text) and the text.
            migrationBuilder.Sql("""
                ALTER TABLE published_text ADD COLUMN search tsvector GENERATED ALWAYS AS
                  (setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', text), 'B')) STORED;
                CREATE INDEX ix_published_text_search ON published_text USING GIN (search);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "published_text");
        }
    }
}
